import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { type BenchContext, READ_KEY, READ_REQUEST, TABLE } from '../context.js'
import { closedLoop, type HttpTarget, httpLoad, type LoadResult, loadGenerator } from '../load.js'
import { pairedRatio, ratioText, type SectionResult, type Target, table } from '../report.js'
import { median, round } from '../stats.js'
import { startServerlessOffline } from '../systems/serverless-offline.js'

type Workload = 'read' | 'write'

interface System {
  readonly name: string
  readonly run: (workload: Workload) => Promise<LoadResult>
  readonly stop?: () => Promise<void>
}

const JSON_HEADERS = { 'content-type': 'application/json' }

/** A request to the API at `baseUrl` (an origin, no trailing slash): the read, or a write of a new item. */
export function managerTarget(baseUrl: string, workload: Workload): HttpTarget {
  const body =
    workload === 'read'
      ? JSON.stringify(READ_REQUEST)
      : '{"operation":"create","payload":{"Item":{"id":"w-__N__","name":"Bob","n":5}}}'
  return { url: `${baseUrl}/Prod/DynamoDBManager`, method: 'POST', headers: JSON_HEADERS, body }
}

/** A DynamoDB request as bytes on the wire, with no SDK: the engine's own ceiling. */
function rawEngineTarget(endpoint: string, workload: Workload): HttpTarget {
  const [operation, body] =
    workload === 'read'
      ? ['GetItem', JSON.stringify({ TableName: TABLE, Key: { id: { S: READ_KEY.id } } })]
      : [
          'PutItem',
          `{"TableName":"${TABLE}","Item":{"id":{"S":"raw-__N__"},"name":{"S":"Bob"},"n":{"N":"5"}}}`,
        ]
  return {
    url: endpoint,
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      'x-amz-date': '20260101T000000Z',
      // The engine checks that a request is signed, not the signature.
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0',
    },
    body,
  }
}

/**
 * Reads and writes at N connections, side by side: the local gateway, serverless-offline in
 * both of its modes running the same bundle, the DocumentClient's own ceiling, and the
 * engine's raw ceiling; all on the same engine, interleaved round by round.
 */
export async function httpSection(context: BenchContext): Promise<SectionResult> {
  const shape = { connections: context.connections, seconds: context.seconds }
  const endpoint = context.stack.dynamoDbEndpoint.href
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    }),
  )
  const gatewayUrl = context.stack.url.href.replace(/\/$/, '')
  const systems: System[] = [
    {
      name: 'local gateway (this project)',
      run: (workload) => httpLoad(managerTarget(gatewayUrl, workload), shape),
    },
  ]
  const skipped: string[] = []
  if (context.serverlessOfflineUnavailable) {
    skipped.push(`serverless-offline: ${context.serverlessOfflineUnavailable}`)
  } else {
    for (const mode of ['default', 'in-process'] as const) {
      const offline = await startServerlessOffline(mode, context.bundle.file, endpoint)
      systems.push({
        name: `serverless-offline, ${mode === 'default' ? 'default (worker threads)' : '--useInProcess'}`,
        run: (workload) => httpLoad(managerTarget(offline.url, workload), shape),
        stop: offline.stop,
      })
    }
  }
  systems.push(
    {
      name: 'DocumentClient → engine (SDK ceiling)',
      run: (workload) =>
        closedLoop(
          (sequence) =>
            workload === 'read'
              ? documentClient.send(new GetCommand({ TableName: TABLE, Key: READ_KEY }))
              : documentClient.send(
                  new PutCommand({
                    TableName: TABLE,
                    Item: { id: `sdk-${sequence}`, name: 'Bob', n: 5 },
                  }),
                ),
          shape,
        ),
    },
    {
      name: 'raw HTTP → engine (engine ceiling)',
      run: (workload) => httpLoad(rawEngineTarget(endpoint, workload), shape),
    },
  )

  const results = new Map<string, LoadResult[]>()
  try {
    for (const system of systems)
      for (const workload of ['read', 'write'] as const) await system.run(workload) // warm-up
    for (let round = 1; round <= context.rounds; round += 1) {
      for (const workload of ['read', 'write'] as const) {
        for (const system of systems) {
          const result = await system.run(workload)
          const key = `${workload}\u0000${system.name}`
          results.set(key, [...(results.get(key) ?? []), result])
          console.log(
            `  ${workload} round ${round}: ${system.name}: ${Math.round(result.requestsPerSecond)} req/s`,
          )
        }
      }
    }
  } finally {
    documentClient.destroy()
    for (const system of systems) await system.stop?.()
  }

  const series = (workload: Workload, name: string) => results.get(`${workload}\u0000${name}`) ?? []
  const rate = (workload: Workload, name: string) =>
    series(workload, name).map((result) => result.requestsPerSecond)
  const gateway = systems[0]?.name ?? ''
  const targets: Target[] = []
  const sections: string[] = []
  for (const workload of ['read', 'write'] as const) {
    const rows = systems.map((system) => {
      const runs = series(workload, system.name)
      const ratio =
        system.name === gateway
          ? '1x'
          : ratioText(pairedRatio(rate(workload, gateway), rate(workload, system.name)))
      return [
        system.name,
        round(median(runs.map((each) => each.requestsPerSecond))),
        round(median(runs.map((each) => each.p50Ms)), 1),
        round(median(runs.map((each) => each.p99Ms)), 1),
        runs.reduce((sum, each) => sum + each.errors, 0),
        ratio,
      ]
    })
    sections.push(
      `### ${workload === 'read' ? 'Reads' : 'Writes'}\n\n${table(['system', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'gateway ÷ system'], rows)}`,
    )
    const sdk = systems.find((system) => system.name.includes('SDK ceiling'))?.name ?? ''
    if (workload === 'read') {
      const readsOverSdk = pairedRatio(rate('read', gateway), rate('read', sdk))
      targets.push(
        {
          name: 'gateway reads ÷ DocumentClient ceiling (issue 2: all switched on)',
          value: readsOverSdk,
          bound: 0.9,
          unit: 'x',
        },
        {
          name: 'gateway reads ÷ DocumentClient ceiling (issue 4)',
          value: readsOverSdk,
          bound: 1.5,
          unit: 'x',
        },
      )
    }
    const offlineDefault = systems.find((system) =>
      system.name.startsWith('serverless-offline, default'),
    )?.name
    if (offlineDefault) {
      targets.push({
        name: `gateway ${workload}s ÷ serverless-offline default mode`,
        value: pairedRatio(rate(workload, gateway), rate(workload, offlineDefault)),
        bound: 4,
        unit: 'x',
      })
    }
  }
  return {
    title: `HTTP end to end, ${context.connections} connections`,
    markdown: `Every system serves the same routes over the same embedded engine (the local stack's, data in
memory). Load: ${loadGenerator()}, ${context.connections} keep-alive connections, ${context.seconds} s per run;
reads fetch one item, writes create a new item each. The DocumentClient ceiling runs in the
benchmark's own process, ${context.connections} requests in flight; the raw ceiling sends pre-built
DynamoDB requests to the engine with no SDK at all. Ratios are medians of per-round ratios.

${sections.join('\n\n')}`,
    targets,
    skipped,
  }
}

/**
 * `npm run bench`: the project's performance record. Starts the local stack, measures the
 * systems compared in alternation (A B A B …) over several rounds, prints medians and
 * ratios, and rewrites docs/benchmarks.md. Load goes to 127.0.0.1 only and every phase is
 * bounded in time.
 *
 * Settings: BENCH_SECONDS (per phase, default 5), BENCH_ROUNDS (default 3).
 */
import { writeFile } from 'node:fs/promises'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import {
  postManager,
  request,
  spawnLocalStack,
  startLocalStack,
  temporaryDataDir,
} from '../test/support/local-stack-process.js'
import { closedLoop, httpLoad, type LoadResult } from './load.js'
import { describeMachine, packageVersion } from './machine.js'
import { median, round } from './stats.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = 32
const TABLE = 'lambda-apigateway'
const READ_KEY = { id: 'bench-read' }

interface Series {
  readonly name: string
  readonly results: LoadResult[]
}

function summarise({ name, results }: Series) {
  return {
    name,
    requestsPerSecond: median(results.map((result) => result.requestsPerSecond)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
  }
}

/** Reads through the local gateway against the DocumentClient reading the engine directly. */
async function readThroughput() {
  const stack = await startLocalStack({ env: { DATA_DIR: ':memory:' } })
  try {
    await postManager(stack.url, {
      operation: 'create',
      payload: { Item: { ...READ_KEY, name: 'Bob', n: 5 } },
    })
    const documentClient = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.dynamoDbEndpoint.href,
        region: 'us-east-1',
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      }),
    )
    const sdkRead = () => documentClient.send(new GetCommand({ TableName: TABLE, Key: READ_KEY }))
    const gatewayRead = {
      url: new URL('/Prod/DynamoDBManager', stack.url).href,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'read', payload: { Key: READ_KEY } }),
    }
    const load = { concurrency: CONNECTIONS, connections: CONNECTIONS, seconds: SECONDS }
    // Warm both paths up (JIT, connection pools) before anything is recorded.
    await closedLoop(sdkRead, { ...load, seconds: 2 })
    await httpLoad(gatewayRead, { ...load, seconds: 2 })
    const sdk: Series = { name: 'DocumentClient → engine (SDK ceiling)', results: [] }
    const gateway: Series = { name: 'local gateway → handler → engine', results: [] }
    for (let round = 1; round <= ROUNDS; round += 1) {
      sdk.results.push(await closedLoop(sdkRead, load))
      gateway.results.push(await httpLoad(gatewayRead, load))
      console.log(
        `round ${round}/${ROUNDS}: sdk ${Math.round(sdk.results.at(-1)?.requestsPerSecond ?? 0)} req/s, gateway ${Math.round(gateway.results.at(-1)?.requestsPerSecond ?? 0)} req/s`,
      )
    }
    documentClient.destroy()
    // Each round's pair ran back to back, so its ratio is free of the drift between rounds.
    const ratios = gateway.results.map(
      (result, index) =>
        result.requestsPerSecond / (sdk.results[index]?.requestsPerSecond ?? Number.NaN),
    )
    return { sdk: summarise(sdk), gateway: summarise(gateway), ratio: median(ratios), ratios }
  } finally {
    await stack.stop('SIGTERM')
  }
}

/** `npm start` until GET /health first answers 200, as a user would wait for it. */
async function timeToHealthy(runs: number): Promise<number[]> {
  const times: number[] = []
  for (let run = 0; run < runs; run += 1) {
    // On disk, as by default, in a folder of its own: the first start creates the table.
    const data = await temporaryDataDir()
    const started = performance.now()
    const spawned = spawnLocalStack({ via: 'npm', env: { DATA_DIR: data.path } })
    let healthyAfter: number | undefined
    while (healthyAfter === undefined && performance.now() - started < 20_000) {
      const url = /API\s+POST (http:\/\/\S+)\/Prod\/DynamoDBManager/.exec(spawned.output())?.[1]
      if (url && (await request(new URL('/health', url)).catch(() => undefined))?.status === 200) {
        healthyAfter = performance.now() - started
      } else {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
    spawned.signal('SIGTERM')
    await spawned.exited
    await data.remove()
    if (healthyAfter === undefined)
      throw new Error(`npm start never became healthy:\n${spawned.output()}`)
    times.push(healthyAfter)
  }
  return times
}

function table(header: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n')
}

async function main() {
  console.log(
    `serverless-lab benchmarks: ${ROUNDS} rounds of ${SECONDS} s per phase, ${CONNECTIONS} connections`,
  )
  const reads = await readThroughput()
  const { ratio } = reads
  const ready = await timeToHealthy(5)
  const readyMedian = median(ready)
  const report = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}; every
figure below comes from that one run. Ratios compare systems measured in the same run,
alternating A B A B, ${ROUNDS} rounds of ${SECONDS} s each, medians. Load goes to 127.0.0.1 only.

## Machine and versions

${describeMachine()
  .map((line) => `- ${line}`)
  .join('\n')}
- @aws-sdk/client-dynamodb ${packageVersion('@aws-sdk/client-dynamodb')}, @aws-sdk/lib-dynamodb ${packageVersion('@aws-sdk/lib-dynamodb')}
- dynalite ${packageVersion('dynalite')}, autocannon ${packageVersion('autocannon')}

## Reads at ${CONNECTIONS} connections

The local stack (\`npm start\`, data in memory) with the lab's table holding one item. The
**SDK ceiling** is the AWS SDK's DocumentClient reading that item from the same embedded
engine directly, ${CONNECTIONS} requests in flight, from the benchmark's process. The
**gateway** figure is autocannon POSTing \`{"operation":"read"}\` for the same item to
\`/Prod/DynamoDBManager\`, ${CONNECTIONS} connections: HTTP, the API Gateway event, validation,
the lossless codec, the SDK call and the response, with everything switched on.

${table(
  ['path', 'requests/s', 'p50 ms', 'p99 ms', 'errors'],
  [reads.sdk, reads.gateway].map((series) => [
    series.name,
    round(series.requestsPerSecond),
    round(series.p50Ms, 1),
    round(series.p99Ms, 1),
    series.errors,
  ]),
)}

**Gateway / SDK ceiling: ${round(ratio, 2)}x** (median of the per-round ratios
${reads.ratios.map((each) => `${round(each, 2)}x`).join(', ')}; target: at least 0.9x).

## Time to ready

\`npm start\` (data in memory) until \`GET /health\` first answers 200, ${ready.length} runs:
median **${Math.round(readyMedian)} ms**, all runs ${ready.map((time) => Math.round(time)).join(', ')} ms (target: under 2000 ms).

## How to reproduce

\`\`\`sh
npm ci
npm run bench                      # BENCH_SECONDS=10 BENCH_ROUNDS=5 npm run bench for longer runs
\`\`\`
`
  await writeFile(new URL('../docs/benchmarks.md', import.meta.url), report)
  console.log(
    `\nreads: gateway ${Math.round(reads.gateway.requestsPerSecond)} req/s, SDK ceiling ${Math.round(reads.sdk.requestsPerSecond)} req/s, ratio ${round(ratio, 2)}x`,
  )
  console.log(`time to healthy: median ${Math.round(readyMedian)} ms`)
  console.log('wrote docs/benchmarks.md')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

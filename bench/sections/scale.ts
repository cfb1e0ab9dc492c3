import { BatchWriteItemCommand, DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb'
import {
  type LocalStackProcess,
  postManager,
  startLocalStackProcess,
  temporaryDataDir,
} from '../../test/support/local-stack-process.js'
import { residentMiB, samplePeakMemory } from '../../test/support/process-memory.js'
import type { BenchContext } from '../context.js'
import { type SectionResult, type Target, table } from '../report.js'
import { round } from '../stats.js'

const SCALE_TABLE = 'bench-scale'
const SCALE_TABLES = JSON.stringify({
  tables: [
    { name: 'lambda-apigateway', partitionKey: { name: 'id', type: 'S' } },
    {
      name: SCALE_TABLE,
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
    },
  ],
})
const PAGE_LIMIT = 1000
const SIZES = [10_000, 100_000] as const

async function seed(client: DynamoDBClient, from: number, to: number): Promise<void> {
  const batches: WriteRequest[][] = []
  for (let start = from; start < to; start += 25) {
    batches.push(
      Array.from({ length: Math.min(25, to - start) }, (_, offset) => ({
        PutRequest: {
          Item: {
            pk: { S: 'p' },
            sk: { S: `item-${String(start + offset).padStart(7, '0')}` },
            n: { N: String(start + offset) },
            text: { S: 'x'.repeat(100) },
          },
        },
      })),
    )
  }
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let requests: WriteRequest[] | undefined = batches[next++]
        while (requests && requests.length > 0) {
          const output = await client.send(
            new BatchWriteItemCommand({ RequestItems: { [SCALE_TABLE]: requests } }),
          )
          requests = output.UnprocessedItems?.[SCALE_TABLE]
        }
      }
    }),
  )
}

interface PagingResult {
  readonly items: number
  readonly microsecondsPerItem: number
  readonly peakMiB: number
}

/** Pages through the whole table with the API, sampling the server's memory as it goes. */
async function pageThrough(
  stack: LocalStackProcess,
  operation: 'list' | 'query',
): Promise<PagingResult> {
  const memory = await samplePeakMemory(stack.child.pid ?? 0, 20)
  let peakMiB = 0
  let items = 0
  let cursor: unknown
  const started = performance.now()
  try {
    do {
      const payload =
        operation === 'list'
          ? { Limit: PAGE_LIMIT, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }
          : {
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': 'p' },
              Limit: PAGE_LIMIT,
              ...(cursor ? { ExclusiveStartKey: cursor } : {}),
            }
      const page = await postManager(stack.url, { operation, tableName: SCALE_TABLE, payload })
      if (page.status !== 200) throw new Error(`${operation} failed: ${page.text}`)
      const body = page.json as { Items: unknown[]; LastEvaluatedKey?: unknown }
      items += body.Items.length
      cursor = body.LastEvaluatedKey
    } while (cursor)
  } finally {
    peakMiB = memory.stop()
  }
  return { items, microsecondsPerItem: ((performance.now() - started) * 1000) / items, peakMiB }
}

/**
 * Paged list and query over 10,000 and then 100,000 items (data on disk, as by default):
 * time per item and the server's peak memory, to show that a page costs the same however
 * large the table, and that the server holds a page at a time, never the table.
 */
export async function scaleSection(_context: BenchContext): Promise<SectionResult> {
  const data = await temporaryDataDir()
  // The engine runs in a stack of its own, so that the server measured holds only the API:
  // its memory must not grow with the table, whatever the engine's caches do.
  const engineHost = await startLocalStackProcess({ env: { DATA_DIR: data.path } })
  // The measured stack declares the scale table (a partition and a sort key, for query) and
  // creates it on the engine host's engine at start, beside the lab's table.
  const stack = await startLocalStackProcess({
    env: { DYNAMODB_ENDPOINT: engineHost.dynamoDbEndpoint.href, TABLES: SCALE_TABLES },
  })
  const client = new DynamoDBClient({
    endpoint: engineHost.dynamoDbEndpoint.href,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  })
  const results = new Map<number, { list: PagingResult; query: PagingResult; idleMiB: number }>()
  try {
    let seeded = 0
    for (const size of SIZES) {
      const seedStarted = performance.now()
      await seed(client, seeded, size)
      seeded = size
      console.log(
        `  scale: seeded ${size} items (${Math.round((performance.now() - seedStarted) / 1000)} s)`,
      )
      // The first pass only warms the code up (JIT), so that both sizes run warm.
      if (size === SIZES[0]) await pageThrough(stack, 'list')
      const idleMiB = await residentMiB(stack.child.pid ?? 0)
      const list = await pageThrough(stack, 'list')
      const query = await pageThrough(stack, 'query')
      if (list.items !== size || query.items !== size)
        throw new Error(`paged ${list.items} and ${query.items} of ${size} items`)
      results.set(size, { list, query, idleMiB })
      console.log(
        `  scale ${size}: list ${round(list.microsecondsPerItem, 1)} µs/item, query ${round(query.microsecondsPerItem, 1)} µs/item, peak ${round(Math.max(list.peakMiB, query.peakMiB))} MiB`,
      )
    }
  } finally {
    client.destroy()
    await stack.stop('SIGTERM')
    await engineHost.stop('SIGTERM')
    await data.remove()
  }
  const [small, large] = SIZES.map((size) => results.get(size))
  const rows = SIZES.map((size) => {
    const result = results.get(size)
    return [
      size.toLocaleString('en'),
      round(result?.list.microsecondsPerItem ?? Number.NaN, 1),
      round(result?.query.microsecondsPerItem ?? Number.NaN, 1),
      round(result?.idleMiB ?? Number.NaN),
      round(Math.max(result?.list.peakMiB ?? 0, result?.query.peakMiB ?? 0)),
    ]
  })
  const targets: Target[] = []
  if (small && large) {
    targets.push(
      {
        name: 'list time per item, 100,000 ÷ 10,000 items',
        value: large.list.microsecondsPerItem / small.list.microsecondsPerItem,
        bound: 1.2,
        atMost: true,
        unit: 'x',
      },
      {
        name: 'query time per item, 100,000 ÷ 10,000 items',
        value: large.query.microsecondsPerItem / small.query.microsecondsPerItem,
        bound: 1.2,
        atMost: true,
        unit: 'x',
      },
      {
        name: 'server peak memory while paging, 100,000 ÷ 10,000 items',
        value:
          Math.max(large.list.peakMiB, large.query.peakMiB) /
          Math.max(small.list.peakMiB, small.query.peakMiB),
        bound: 1.2,
        atMost: true,
        unit: 'x',
      },
    )
  }
  return {
    title: 'Scale: paging 10,000 and 100,000 items',
    markdown: `Table \`${SCALE_TABLE}\` (partition key \`pk\`, sort key \`sk\`), every item in one partition so that
\`query\` pages through all of them, items of about 130 bytes, data on disk. \`list\` and \`query\`
through the gateway, ${PAGE_LIMIT} items a page, following \`LastEvaluatedKey\` to the end, after one warm-up
pass. The server measured is a local stack whose DYNAMODB_ENDPOINT is a second stack's engine, so
that its resident memory (sampled every 20 ms) is the API's alone.

${table(['items', 'list µs/item', 'query µs/item', 'RSS before paging, MiB', 'peak RSS while paging, MiB'], rows)}`,
    targets,
    skipped: [],
  }
}

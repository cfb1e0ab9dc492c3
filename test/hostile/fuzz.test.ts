import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalItem } from '../support/attribute-compare.js'
import {
  type LocalStackProcess,
  postManager,
  request,
  startLocalStackProcess,
} from '../support/local-stack-process.js'
import { referenceItem, referenceValue } from '../support/reference-encoding.js'
import {
  type HostileRequest,
  hostileRequest,
  OTHER_ALLOWED_TABLE,
  SEEDS_DELETABLE,
  SEEDS_KEPT,
} from './hostile-requests.js'

/**
 * 10,500 generated requests unless FUZZ_RUNS says otherwise: `npm test` (the e2e project)
 * runs a shorter run, the stress project the full one. FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_500)
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
const IN_FLIGHT = 16
const REQUEST_TIMEOUT_MS = 15_000

interface Outcome {
  readonly request: HostileRequest
  readonly status: number
  readonly text: string
  readonly contentType: string | null
}

async function send(stack: LocalStackProcess, hostile: HostileRequest): Promise<Outcome> {
  const response = await fetch(new URL(hostile.path, stack.url), {
    method: hostile.method,
    headers: hostile.contentType ? { 'content-type': hostile.contentType } : {},
    body: hostile.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  return {
    request: hostile,
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get('content-type'),
  }
}

/** What the table must hold: the seeds, less what was deleted, plus every accepted write. */
function expectedTable(outcomes: readonly Outcome[]): Map<string, unknown> {
  const expected = new Map<string, unknown>()
  for (const id of [...SEEDS_KEPT, ...SEEDS_DELETABLE])
    expected.set(id, canonicalItem({ id: { S: id }, seed: { BOOL: true } }))
  for (const { request, status } of outcomes) {
    const write = request.write
    if (write === undefined || status !== 200) continue
    // The expected items come from a second, independent reading of the encoding, on the
    // AWS SDK's marshaller (test/support/reference-encoding.ts), not from the server's codec.
    if (write.type === 'delete') expected.delete(write.id)
    else if (write.type === 'put')
      expected.set(write.id, canonicalItem(referenceItem(write.itemText)))
    else
      expected.set(
        write.id,
        canonicalItem({ id: { S: write.id }, [write.name]: referenceValue(write.valueText) }),
      )
  }
  return expected
}

async function scanTable(endpoint: URL): Promise<Map<string, unknown>> {
  const client = new DynamoDBClient({
    endpoint: endpoint.href,
    region: 'us-east-1',
    credentials: { accessKeyId: 'fuzz', secretAccessKey: 'fuzz' },
  })
  const items = new Map<string, unknown>()
  let cursor: Record<string, AttributeValue> | undefined
  try {
    do {
      const page = await client.send(
        new ScanCommand({ TableName: 'lambda-apigateway', ExclusiveStartKey: cursor }),
      )
      for (const item of page.Items ?? []) items.set(item.id?.S ?? '?', canonicalItem(item))
      cursor = page.LastEvaluatedKey
    } while (cursor)
  } finally {
    client.destroy()
  }
  return items
}

describe(`hostile input: ${RUNS} generated requests through the local gateway (FUZZ_SEED=${SEED})`, () => {
  let stack: LocalStackProcess
  const outcomes: Outcome[] = []

  beforeAll(async () => {
    stack = await startLocalStackProcess({ env: { ALLOWED_TABLES: OTHER_ALLOWED_TABLE } })
    for (const id of [...SEEDS_KEPT, ...SEEDS_DELETABLE]) {
      const seeded = await postManager(stack.url, {
        operation: 'create',
        payload: { Item: { id, seed: true } },
      })
      expect(seeded.status).toBe(200)
    }
    const requests = fc.sample(hostileRequest, { numRuns: RUNS, seed: SEED })
    let next = 0
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < requests.length) {
          const hostile = requests[next++] as HostileRequest
          outcomes.push(await send(stack, hostile))
        }
      }),
    )
  }, 600_000)

  afterAll(async () => {
    await stack?.stop('SIGKILL')
  })

  it('answers every request, each with a status docs/api.md allows for it', () => {
    const unexpected = outcomes.filter(({ request, status }) => !request.allowed.includes(status))
    const summary = unexpected.slice(0, 5).map(({ request, status, text }) => ({
      kind: request.kind,
      status,
      allowed: request.allowed,
      body:
        typeof request.body === 'string'
          ? request.body.slice(0, 300)
          : `${request.body?.byteLength ?? 0} bytes`,
      answer: text.slice(0, 300),
    }))
    expect(outcomes).toHaveLength(RUNS)
    expect(summary).toEqual([])
  })

  it('never answers 5xx, and every error is JSON with a code, a message and the request id', () => {
    expect(outcomes.filter(({ status }) => status >= 500).map(({ text }) => text)).toEqual([])
    for (const { status, text, contentType } of outcomes.filter(({ status }) => status >= 400)) {
      expect(contentType).toMatch(/^application\/json/)
      const body = JSON.parse(text) as Record<string, unknown>
      expect({
        status,
        code: typeof body.code,
        message: typeof body.message,
        requestId: typeof body.requestId,
      }).toEqual({
        status,
        code: 'string',
        message: 'string',
        requestId: 'string',
      })
    }
  })

  it('accepts a good share of the generated writes: the run exercises writing, not only refusing', () => {
    for (const kind of ['create', 'update']) {
      const writes = outcomes.filter(({ request }) => request.kind === kind)
      const accepted = writes.filter(({ status }) => status === 200).length
      expect({ kind, acceptedShare: accepted / writes.length > 0.15 }).toEqual({
        kind,
        acceptedShare: true,
      })
    }
  })

  it('keeps serving: the stack is alive and healthy after the run', async () => {
    expect(stack.child.exitCode).toBeNull()
    expect((await request(new URL('/health', stack.url))).status).toBe(200)
  })

  it('leaves the table holding exactly what the accepted writes wrote', async () => {
    // Prepare
    const kinds = new Map<string, number>()
    for (const { request, status } of outcomes)
      kinds.set(`${request.kind} ${status}`, (kinds.get(`${request.kind} ${status}`) ?? 0) + 1)
    console.log(
      `fuzz (seed ${SEED}): ${[...kinds]
        .sort()
        .map(([kind, count]) => `${kind}: ${count}`)
        .join(', ')}`,
    )

    // Act
    const actual = await scanTable(stack.dynamoDbEndpoint)
    const expected = expectedTable(outcomes)

    // Assess
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort())
    for (const [id, item] of expected) expect({ id, item: actual.get(id) }).toEqual({ id, item })
  })
})

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ErrorCode } from '../../src/core/error-table.js'
import type { ItemStore } from '../../src/core/item-store.js'
import { BATCH_BACKOFF, backoffDelayMs, MIN_ROUND_MS } from '../../src/dynamodb/batch-retry.js'
import { type DynamoDbCall, DynamoDbClient } from '../../src/dynamodb/client.js'
import { createDynamoDbStore } from '../../src/dynamodb/dynamodb-item-store.js'

/*
 * What DynamoDB does under load and dynalite never does: answer a batch with part of it left
 * unprocessed. A scripted endpoint answers each request as the test says, over a real socket,
 * to the project's own client and store.
 */

interface Received {
  readonly target: string
  readonly body: { RequestItems: Record<string, unknown> }
  readonly at: number
}

type Answer = { status: number; body: object }

/** An endpoint that answers the n-th request (0 first) with `answer(n, request)`. */
async function scriptedEndpoint(answer: (index: number, request: Received) => Answer) {
  const received: Received[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const exchange = {
        target: String(request.headers['x-amz-target']).split('.').pop() ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString()),
        at: performance.now(),
      }
      received.push(exchange)
      const { status, body } = answer(received.length - 1, exchange)
      response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' })
      response.end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return { endpoint, received }
}

/** The project's client and store on `endpoint`, with the request's deadline given. */
function storeOn(endpoint: URL, deadlineMs: number, calls: DynamoDbCall[] = []): ItemStore {
  const client = new DynamoDbClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    attemptTimeoutMs: 1000,
    observer: (call) => calls.push(call),
  })
  onTestFinished(() => client.destroy())
  return createDynamoDbStore(client, { deadlineMs })
}

const put = (id: string) => ({ PutRequest: { Item: { id: { S: id } } } })
const writes = { RequestItems: { lab: [put('1'), put('2'), put('3')], other: [put('4')] } }

describe('a batch with unprocessed keys or items', () => {
  it('sends what BatchWriteItem left unprocessed again, and only that, until it is done', async () => {
    // Prepare: the first answer leaves two writes undone; the second does them.
    const { endpoint, received } = await scriptedEndpoint((index) => ({
      status: 200,
      body: index === 0 ? { UnprocessedItems: { lab: [put('3')], other: [put('4')] } } : {},
    }))
    const store = storeOn(endpoint, 3000)

    // Act
    const output = await store.batchWrite(writes)

    // Assess
    expect(output.UnprocessedItems).toEqual({})
    expect(received.map(({ target, body }) => [target, body])).toEqual([
      ['BatchWriteItem', writes],
      ['BatchWriteItem', { RequestItems: { lab: [put('3')], other: [put('4')] } }],
    ])
  })

  it('merges the items of every BatchGetItem round and sends the unprocessed keys again', async () => {
    // Prepare
    const key = (id: string) => ({ id: { S: id } })
    const { endpoint, received } = await scriptedEndpoint((index) => ({
      status: 200,
      body:
        index === 0
          ? {
              Responses: { lab: [{ ...key('1'), n: { N: '12345678901234567890.5' } }] },
              UnprocessedKeys: { lab: { Keys: [key('2')], ConsistentRead: true } },
            }
          : { Responses: { lab: [{ ...key('2'), b: { B: 'aGk=' } }] }, UnprocessedKeys: {} },
    }))
    const store = storeOn(endpoint, 3000)

    // Act
    const output = await store.batchGet({
      RequestItems: { lab: { Keys: [key('1'), key('2')], ConsistentRead: true } },
    })

    // Assess
    expect(output.Responses).toEqual({
      lab: [
        { ...key('1'), n: { N: '12345678901234567890.5' } },
        { ...key('2'), b: { B: Buffer.from('hi') } },
      ],
    })
    expect(output.UnprocessedKeys).toEqual({})
    expect(received[1]?.body).toEqual({
      RequestItems: { lab: { Keys: [key('2')], ConsistentRead: true } },
    })
  })

  it('answers, within the deadline, what DynamoDB still leaves undone, after backing off', async () => {
    // Prepare: every answer leaves everything undone.
    const deadlineMs = 600
    const { endpoint, received } = await scriptedEndpoint((_, request) => ({
      status: 200,
      body: { UnprocessedItems: request.body.RequestItems },
    }))
    const store = storeOn(endpoint, deadlineMs)

    // Act
    const started = performance.now()
    const output = await store.batchWrite(writes)
    const tookMs = performance.now() - started

    // Assess: what was sent comes back as not done, before the deadline, after several rounds.
    expect(output.UnprocessedItems).toEqual(writes.RequestItems)
    expect(tookMs).toBeLessThan(deadlineMs)
    expect(received.length).toBeGreaterThan(1)
    expect(received.every(({ body }) => JSON.stringify(body) === JSON.stringify(writes))).toBe(true)
  })

  it('hands back a later round throttled past the client retries, keeping the earlier rounds', async () => {
    // Prepare: the first round does one of two writes; every later attempt is throttled.
    const { endpoint, received } = await scriptedEndpoint((index) =>
      index === 0
        ? { status: 200, body: { UnprocessedItems: { lab: [put('2')] } } }
        : {
            status: 400,
            body: {
              __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
              message: 'slow down',
            },
          },
    )
    const store = storeOn(endpoint, 3000)

    // Act
    const output = await store.batchWrite({ RequestItems: { lab: [put('1'), put('2')] } })

    // Assess: the client retried the throttled round itself (3 attempts), then gave up.
    expect(output.UnprocessedItems).toEqual({ lab: [put('2')] })
    expect(received.length).toBe(4)
  })

  it('fails the call when the first round is throttled past the client retries, as other calls do', async () => {
    // Prepare
    const { endpoint } = await scriptedEndpoint(() => ({
      status: 400,
      body: { __type: '#ThrottlingException', message: 'slow down' },
    }))
    const store = storeOn(endpoint, 3000)

    // Act
    const failure = await store.batchWrite(writes).then(
      () => undefined,
      (error: unknown) => error,
    )

    // Assess
    expect(failure).toMatchObject({ code: ErrorCode.Throttled, statusCode: 429 })
  })

  it("tells the call's observer its table when it names one, and none when it names several", async () => {
    // Prepare
    const { endpoint } = await scriptedEndpoint(() => ({ status: 200, body: {} }))
    const calls: DynamoDbCall[] = []
    const store = storeOn(endpoint, 3000, calls)

    // Act
    await store.batchWrite({ RequestItems: { lab: [put('1')] } })
    await store.batchWrite(writes)
    await store.batchGet({ RequestItems: { other: { Keys: [{ id: { S: '1' } }] } } })

    // Assess
    expect(calls.map(({ operation, tableName }) => [operation, tableName])).toEqual([
      ['BatchWriteItem', 'lab'],
      ['BatchWriteItem', undefined],
      ['BatchGetItem', 'other'],
    ])
  })
})

describe('the backoff between rounds', () => {
  it('waits a random share of a doubling bound, capped', () => {
    // Act
    const longest = (round: number) =>
      backoffDelayMs(round, { ...BATCH_BACKOFF, random: () => 0.999 })
    const shortest = backoffDelayMs(5, { ...BATCH_BACKOFF, random: () => 0 })

    // Assess
    expect([1, 2, 3, 4, 5, 10].map(longest)).toEqual([49, 99, 199, 399, 799, 999])
    expect(shortest).toBe(0)
    expect(MIN_ROUND_MS).toBeGreaterThan(0)
  })
})

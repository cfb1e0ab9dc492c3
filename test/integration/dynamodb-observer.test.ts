import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import {
  type DynamoDbCall,
  type DynamoDbCallObserver,
  DynamoDbClient,
} from '../../src/dynamodb/client.js'
import { TABLE } from '../../src/table/definition.js'
import { startTestEngine, type TestEngine } from '../support/embedded-engine.js'
import { startScriptedDynamoDb } from '../support/scripted-dynamodb.js'

/** A client that tells `calls` of each call it makes, or tells `observer` instead. */
function observedClient(
  endpoint: URL,
  {
    attemptTimeoutMs = 1000,
    observer,
  }: { attemptTimeoutMs?: number; observer?: DynamoDbCallObserver } = {},
) {
  const calls: DynamoDbCall[] = []
  const client = new DynamoDbClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    attemptTimeoutMs,
    observer: observer ?? ((call) => calls.push(call)),
  })
  onTestFinished(() => client.destroy())
  return { client, calls }
}

describe("the DynamoDB client's observer", () => {
  let engine: TestEngine
  beforeAll(async () => {
    engine = await startTestEngine()
  })
  afterAll(async () => {
    await engine?.stop()
  })

  it('is told of a call that succeeded: operation, table, attempts, request id, status, times', async () => {
    // Prepare
    const { client, calls } = observedClient(engine.endpoint)
    const before = Date.now()

    // Act
    const output = await client.send('GetItem', {
      TableName: TABLE.tableName,
      Key: { id: { S: 'observed' } },
    })

    // Assess
    expect(calls).toEqual([
      {
        operation: 'GetItem',
        tableName: TABLE.tableName,
        region: 'eu-west-1',
        attempts: 1,
        requestId: output.$metadata.requestId,
        httpStatus: 200,
        startTime: expect.any(Number),
        endTime: expect.any(Number),
      },
    ])
    expect(calls[0]?.requestId).toMatch(/\S/)
    expect(calls[0]?.startTime).toBeGreaterThanOrEqual(before)
    expect(calls[0]?.endTime).toBeGreaterThanOrEqual(calls[0]?.startTime ?? Number.NaN)
  })

  it.each<[string, number, string, DynamoDbCall['failure'], number]>([
    ['a throttle', 400, 'ProvisionedThroughputExceededException', 'throttle', 3],
    ['a fault (5xx)', 500, 'InternalServerError', 'fault', 3],
    ['a client error (other 4xx)', 400, 'ValidationException', 'client', 1],
  ])(
    'is told of %s once, after the retries, with the error',
    async (_, status, errorType, failure, attempts) => {
      // Prepare
      const dynamodb = await startScriptedDynamoDb(status, errorType)
      onTestFinished(() => dynamodb.stop())
      const { client, calls } = observedClient(dynamodb.endpoint)

      // Act
      const thrown = await client.send('PutItem', { TableName: 'books', Item: {} }).catch((e) => e)

      // Assess
      expect(calls).toHaveLength(1)
      expect(calls[0]).toMatchObject({
        operation: 'PutItem',
        tableName: 'books',
        attempts,
        requestId: 'scripted',
        httpStatus: status,
        failure,
        error: thrown,
      })
      expect(thrown).toMatchObject({ name: errorType })
    },
  )

  it('counts a call that got no answer as a fault, with no status', async () => {
    // Prepare
    const dynamodb = await startScriptedDynamoDb('hang')
    onTestFinished(() => dynamodb.stop())
    const { client, calls } = observedClient(dynamodb.endpoint, { attemptTimeoutMs: 100 })

    // Act
    await client.send('GetItem', { TableName: 'books', Key: {} }).catch(() => undefined)

    // Assess
    expect(calls).toMatchObject([{ failure: 'fault', httpStatus: undefined, attempts: 3 }])
  })

  it('is no part of the call: an observer that throws changes nothing for the caller', async () => {
    // Prepare
    const { client } = observedClient(engine.endpoint, {
      observer: () => {
        throw new Error('observer bug')
      },
    })

    // Act
    const output = await client.send('DescribeTable', { TableName: TABLE.tableName })

    // Assess
    expect(output.Table?.TableName).toBe(TABLE.tableName)
  })
})

import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TABLE } from '../../src/table/definition.js'
import { afterTest } from '../support/after-test.js'
import { sdkClient } from '../support/embedded-engine.js'
import {
  type LocalStackProcess,
  postManager,
  request,
  spawnLocalStack,
  startLocalStackProcess,
  temporaryDataDir,
} from '../support/local-stack-process.js'

const TABLES_FILE = new URL('../../examples/tables.json', import.meta.url).pathname

/** Orders of two customers: statuses, creation times and totals to query by index. */
const ORDERS = [
  { pk: 'customer-1', sk: 'order-1', status: 'paid', createdAt: 1_700_000_100, total: 40 },
  { pk: 'customer-1', sk: 'order-2', status: 'paid', createdAt: 1_700_000_200, total: 250 },
  { pk: 'customer-1', sk: 'order-3', status: 'open', createdAt: 1_700_000_300, total: 120 },
  { pk: 'customer-2', sk: 'order-4', status: 'paid', createdAt: 1_700_000_400, total: 999 },
  { pk: 'customer-2', sk: 'order-5', status: 'paid', createdAt: 1_800_000_500, total: 5 },
]

describe('npm start with TABLES_FILE=examples/tables.json', () => {
  let stack: LocalStackProcess
  let data: Awaited<ReturnType<typeof temporaryDataDir>>

  beforeAll(async () => {
    data = await temporaryDataDir()
    stack = await startLocalStackProcess({
      env: { DATA_DIR: data.path, TABLES_FILE, HEALTH_CACHE_MS: '0' },
    })
    for (const Item of ORDERS) {
      const created = await postManager(stack.url, { operation: 'create', payload: { Item } })
      expect(created.status).toBe(200)
    }
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
    await data?.remove()
  })

  const query = (payload: Record<string, unknown>) =>
    postManager(stack.url, { operation: 'query', tableName: 'orders', payload })

  it('says in its banner which table it serves, with keys and indexes', () => {
    expect(stack.output()).toMatch(
      /^ {2}table {6}orders: key pk \(S\) \+ sk \(S\); indexes byStatus \(global\), byTotal \(local\); TTL expiresAt \(AWS only\)$/m,
    )
    // The pasted request writes an item of the default table's key schema.
    expect(stack.output()).toContain(`"Item":{"pk":"1","sk":"1","name":"Bob"}`)
  })

  it('creates the table with its global and local index', async () => {
    // Act
    const client = sdkClient(stack.dynamoDbEndpoint)
    afterTest(() => client.destroy())
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'orders' }))

    // Assess
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byStatus'])
    expect(Table?.LocalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byTotal'])
  })

  it("probes the default table's own key for health", async () => {
    // Act
    const health = await request(new URL('/Prod/health', stack.url))

    // Assess
    expect(health.status).toBe(200)
  })

  it('queries the global index by status and a createdAt range, in createdAt order', async () => {
    // Act
    const answer = await query({
      IndexName: 'byStatus',
      KeyConditionExpression: '#s = :s AND createdAt BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': 'paid', ':from': 1_700_000_150, ':to': 1_799_999_999 },
    })

    // Assess: order-1 is too early, order-3 is open, order-5 too late.
    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({
      Items: [ORDERS[1], ORDERS[3]],
      Count: 2,
    })
  })

  it('queries the local index by partition key and total, answering its projection (keys only)', async () => {
    // Act
    const answer = await query({
      IndexName: 'byTotal',
      KeyConditionExpression: 'pk = :pk AND #t > :min',
      ExpressionAttributeNames: { '#t': 'total' },
      ExpressionAttributeValues: { ':pk': 'customer-1', ':min': 100 },
      ScanIndexForward: false,
    })

    // Assess: KEYS_ONLY holds the table's keys and the index's, no status nor createdAt.
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({
      Items: [
        { pk: 'customer-1', sk: 'order-2', total: 250 },
        { pk: 'customer-1', sk: 'order-3', total: 120 },
      ],
      Count: 2,
      ScannedCount: 2,
    })
  })

  it('lists a global index', async () => {
    // Act
    const answer = await postManager(stack.url, {
      operation: 'list',
      tableName: 'orders',
      payload: { IndexName: 'byStatus' },
    })

    // Assess
    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({ Count: ORDERS.length })
  })

  it('refuses a consistent read of a global index, as DynamoDB does', async () => {
    // Act
    const answer = await query({
      IndexName: 'byStatus',
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': 'paid' },
      ConsistentRead: true,
    })

    // Assess
    expect(answer.status).toBe(400)
    expect(answer.json).toMatchObject({ code: 'ValidationError' })
  })

  it('reads an order by its whole key', async () => {
    // Act
    const answer = await postManager(stack.url, {
      operation: 'read',
      tableName: 'orders',
      payload: { Key: { pk: 'customer-1', sk: 'order-2' } },
    })

    // Assess
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ Item: ORDERS[1] })
  })

  it('writes orders in one batchWrite, reads them back in one batchRead, and finds them by index', async () => {
    // Prepare
    const batch = [
      { pk: 'customer-3', sk: 'order-6', status: 'shipped', createdAt: 1_700_000_600, total: 7 },
      { pk: 'customer-3', sk: 'order-7', status: 'shipped', createdAt: 1_700_000_700, total: 8 },
    ]

    // Act
    const written = await postManager(stack.url, {
      operation: 'batchWrite',
      payload: {
        RequestItems: {
          orders: [
            ...batch.map((Item) => ({ PutRequest: { Item } })),
            { DeleteRequest: { Key: { pk: 'customer-2', sk: 'order-5' } } },
          ],
        },
      },
    })
    const read = await postManager(stack.url, {
      operation: 'batchRead',
      payload: {
        RequestItems: {
          orders: {
            Keys: [
              { pk: 'customer-3', sk: 'order-6' },
              { pk: 'customer-3', sk: 'order-7' },
              { pk: 'customer-2', sk: 'order-5' },
            ],
          },
        },
      },
    })
    const shipped = await query({
      IndexName: 'byStatus',
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': 'shipped' },
    })

    // Assess
    expect(written.status).toBe(200)
    expect(written.json).toEqual({ UnprocessedItems: {} })
    expect(read.status).toBe(200)
    const { Responses, UnprocessedKeys } = read.json as {
      Responses: { orders: Array<{ sk: string }> }
      UnprocessedKeys: object
    }
    expect(UnprocessedKeys).toEqual({})
    // The deleted order is not among them; BatchGetItem answers in no particular order.
    expect(Responses.orders.sort((a, b) => a.sk.localeCompare(b.sk))).toEqual(batch)
    expect((shipped.json as { Items: unknown[] }).Items).toEqual(batch)

    // Clean up: the other tests count the orders of the file
    await postManager(stack.url, {
      operation: 'batchWrite',
      payload: {
        RequestItems: {
          orders: [
            ...batch.map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })),
            { PutRequest: { Item: ORDERS[4] } },
          ],
        },
      },
    })
  })

  it.each([
    ['query', { IndexName: 'byColour', KeyConditionExpression: 'pk = :pk' }],
    ['list', { IndexName: 'byColour' }],
  ])(
    'answers %s with an undeclared index with a 400 listing the indexes',
    async (operation, payload) => {
      // Act
      const answer = await postManager(stack.url, { operation, tableName: 'orders', payload })

      // Assess
      expect(answer.status).toBe(400)
      expect(answer.json).toMatchObject({
        code: 'UnknownIndex',
        message:
          'payload.IndexName "byColour" is not an index of table "orders"; its indexes: byStatus (global), byTotal (local).',
      })
    },
  )
})

describe('an existing local table whose key schema differs from its declaration', () => {
  it('stops npm start with exit 2 and one line naming the table and the difference', async () => {
    // Prepare: a stack on the data folder, and "orders" made by hand there with another key.
    const data = await temporaryDataDir()
    afterTest(() => data.remove())
    const first = await startLocalStackProcess({ env: { DATA_DIR: data.path } })
    afterTest(() => first.stop('SIGKILL'))
    const client = sdkClient(first.dynamoDbEndpoint)
    afterTest(() => client.destroy())
    await client.send(
      new CreateTableCommand({
        TableName: 'orders',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
    expect((await first.stop('SIGTERM')).code).toBe(0)

    // Act
    const second = spawnLocalStack({ env: { DATA_DIR: data.path, TABLES_FILE } })
    afterTest(() => second.stop('SIGKILL'))
    const exit = await second.exited

    // Assess
    const lines = second.output().trim().split('\n')
    expect(exit.code).toBe(2)
    expect(second.output()).not.toMatch(/^\s+at /m)
    expect(lines.at(-1)).toMatch(
      /^Table "orders" exists with partition key id \(S\), no sort key, .*but is declared with partition key pk \(S\), sort key sk \(S\), .* Declare it as it is in TABLES_FILE, or set DATA_DIR to another folder, or delete it .*aws dynamodb delete-table --table-name orders --endpoint-url http:\/\/127\.0\.0\.1:\d+/,
    )
  })

  it("tells how to delete the lab's own table with a start that does not stop at it", async () => {
    // Prepare: the lab's table made with another key by a start that declared it so.
    const data = await temporaryDataDir()
    afterTest(() => data.remove())
    const otherKey = join(data.path, 'other-key.json')
    await writeFile(
      otherKey,
      JSON.stringify({
        tables: [{ name: TABLE.tableName, partitionKey: { name: 'pk', type: 'S' } }],
      }),
    )
    const first = await startLocalStackProcess({
      env: { DATA_DIR: data.path, TABLES_FILE: otherKey },
    })
    afterTest(() => first.stop('SIGKILL'))
    expect((await first.stop('SIGTERM')).code).toBe(0)

    // Act: the lab's default declaration, partition key id.
    const second = spawnLocalStack({ env: { DATA_DIR: data.path } })
    afterTest(() => second.stop('SIGKILL'))
    const exit = await second.exited

    // Assess: a start without TABLES_FILE would stop at the table again.
    const last = second.output().trim().split('\n').at(-1)
    expect(exit.code).toBe(2)
    expect(last).toMatch(
      /^Table "lambda-apigateway" exists with partition key pk \(S\).* \(npm start with it declared as it is in TABLES_FILE, then aws dynamodb delete-table --table-name lambda-apigateway --endpoint-url http:\/\/127\.0\.0\.1:\d+\/?\)\.$/,
    )
    expect(last).not.toContain('without TABLES_FILE')
  })
})

import { describe, expect, it } from 'vitest'
import { type JsonValue, parseLosslessly, stringifyJson } from '../../src/core/codec/json.js'
import { ErrorCode } from '../../src/core/error-table.js'
import { BadRequestError } from '../../src/core/errors.js'
import { createManager } from '../../src/core/manager.js'
import { parseEnvelope } from '../../src/core/schema/validate.js'
import { parseTableDeclarations } from '../../src/table/declarations.js'
import { TABLE } from '../../src/table/definition.js'
import { memoryItemStore } from '../support/memory-item-store.js'

const LAB = 'lambda-apigateway'
/** Allowed, but declared by no declaration: it has the lab's key. */
const UNDECLARED = 'lab-extra'
const ORDERS = parseTableDeclarations(
  {
    tables: [
      {
        name: 'orders',
        partitionKey: { name: 'pk', type: 'S' },
        sortKey: { name: 'sk', type: 'S' },
      },
    ],
  },
  'tables.json',
)[0]

/** A table keyed by a number. */
const NUMBERED = { tableName: 'numbered', partitionKey: { name: 'n', type: 'N' } } as const

function managerOverMemory() {
  const store = memoryItemStore()
  if (ORDERS === undefined) throw new Error('the declaration did not parse')
  const manager = createManager({
    store,
    tableName: LAB,
    allowedTables: [LAB, ORDERS.tableName, UNDECLARED, NUMBERED.tableName],
    tables: [TABLE, ORDERS, NUMBERED],
    healthProbeKey: { id: { S: 'probe' } },
    healthCacheMs: 0,
  })
  /** Runs a request body as the handler does: parsed losslessly, validated, executed. */
  const run = (body: string) => manager.execute(parseEnvelope(parseLosslessly(body)))
  return { store, run }
}

/** The 400 a run should fail with. */
async function refusalOf(answer: Promise<unknown>): Promise<BadRequestError> {
  const error = await answer.then(
    () => expect.unreachable('the batch should have been refused'),
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof BadRequestError)) throw error
  return error
}

const writes = (requestItems: JsonValue) =>
  JSON.stringify({ operation: 'batchWrite', payload: { RequestItems: requestItems } })
const reads = (requestItems: JsonValue) =>
  JSON.stringify({ operation: 'batchRead', payload: { RequestItems: requestItems } })
const put = (item: JsonValue) => ({ PutRequest: { Item: item } })
const remove = (key: JsonValue) => ({ DeleteRequest: { Key: key } })
const orderKeys = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ pk: 'c', sk: String(index) }))

describe('the batches refuse before anything is sent', () => {
  it.each([
    ['batchWrite', writes({}), /payload.RequestItems names no table/],
    ['batchRead', reads({}), /payload.RequestItems names no table/],
    [
      'batchWrite',
      writes({ orders: [put({ pk: 'a', sk: 'b' })], secret: [put({ id: '1' })] }),
      /names a table this API does not serve: "secret". Allowed: lambda-apigateway, orders, lab-extra, numbered. Nothing was read or written/,
    ],
    [
      'batchRead',
      // Every table is checked first: the bad key of orders is not what is reported.
      reads({ other: { Keys: [{ id: '1' }] }, orders: { Keys: [{}] }, x1y: { Keys: [{}] } }),
      /names tables this API does not serve: "other", "x1y"/,
    ],
    [
      'batchWrite',
      writes({
        orders: orderKeys(20).map(put),
        [LAB]: [put({ id: '1' })],
        [UNDECLARED]: [
          remove({ id: '1' }),
          remove({ id: '2' }),
          remove({ id: '3' }),
          remove({ id: '4' }),
          remove({ id: '5' }),
        ],
      }),
      /payload.RequestItems holds 26 puts and deletes; batchWrite takes at most 25 in all/,
    ],
    [
      'batchRead',
      reads({
        orders: { Keys: orderKeys(60) },
        [LAB]: { Keys: orderKeys(41).map(({ sk }) => ({ id: sk })) },
      }),
      /payload.RequestItems holds 101 keys; batchRead takes at most 100 in all/,
    ],
    [
      'batchWrite',
      writes({
        orders: [
          put({ pk: 'a', sk: '1' }),
          put({ pk: 'a', sk: '2' }),
          remove({ pk: 'a', sk: '1' }),
        ],
      }),
      /payload.RequestItems.orders\[2\].DeleteRequest.Key names the same item as payload.RequestItems.orders\[0\].PutRequest.Item/,
    ],
    [
      'batchWrite',
      // One number, two spellings: DynamoDB keeps a number's value, so this is one key.
      '{"operation":"batchWrite","payload":{"RequestItems":{"numbered":[{"PutRequest":{"Item":{"n":1.50}}},{"DeleteRequest":{"Key":{"n":15e-1}}}]}}}',
      /payload.RequestItems.numbered\[1\].DeleteRequest.Key names the same item as payload.RequestItems.numbered\[0\].PutRequest.Item/,
    ],
    [
      'batchRead',
      reads({ [LAB]: { Keys: [{ id: '1' }, { id: '2' }, { id: '1' }] } }),
      /payload.RequestItems\["lambda-apigateway"\].Keys\[2\] names the same item as payload.RequestItems\["lambda-apigateway"\].Keys\[0\]/,
    ],
    [
      'batchWrite',
      writes({ orders: [put({ pk: 'a', sk: '1' }), put({ pk: 'a', total: 5 })] }),
      /payload.RequestItems.orders\[1\].PutRequest.Item lacks the key attribute "sk" of table "orders", whose key is pk, sk/,
    ],
    [
      'batchRead',
      reads({ [UNDECLARED]: { Keys: [{ id: '1', name: 'Bob' }] } }),
      /payload.RequestItems\["lab-extra"\].Keys\[0\] has "name", not a key attribute of table "lab-extra", whose key is id/,
    ],
    [
      'batchWrite',
      writes({
        orders: [
          put({ pk: 'a', sk: '1' }),
          {
            PutRequest: { Item: { pk: 'a', sk: '2' } },
            DeleteRequest: { Key: { pk: 'a', sk: '3' } },
          },
        ],
      }),
      /payload.RequestItems.orders\[1\] must hold exactly one of PutRequest and DeleteRequest/,
    ],
    [
      'batchWrite',
      writes({ orders: [{}] }),
      /payload.RequestItems.orders\[0\] must hold exactly one of PutRequest and DeleteRequest/,
    ],
    [
      'batchRead',
      '{"operation":"batchRead","payload":{"RequestItems":{"orders":{"Keys":[12345678901234567890]}}}}',
      /payload.RequestItems.orders.Keys\[0\] must be a JSON object/,
    ],
  ])('%s: refused case %#, nothing sent', async (_operation, body, message) => {
    // Prepare
    const { store, run } = managerOverMemory()

    // Act
    const refusal = await refusalOf(run(body))

    // Assess
    expect(refusal.statusCode).toBe(400)
    expect(refusal.code).toBe(ErrorCode.InvalidRequest)
    expect(refusal.message).toMatch(message)
    expect(store.calls).toEqual([])
  })

  it('refuses an attribute value the encoding refuses, naming its place', async () => {
    // Prepare
    const { store, run } = managerOverMemory()

    // Act
    const refusal = await refusalOf(
      run(writes({ orders: [put({ pk: 'a', sk: '1', tags: { $SS: [] } })] })),
    )

    // Assess
    expect(refusal.code).toBe(ErrorCode.ValidationError)
    expect(refusal.message).toMatch(/^payload.RequestItems.orders\[0\].PutRequest.Item.tags/)
    expect(store.calls).toEqual([])
  })
})

describe('the batches send DynamoDB its request and answer in the request shape', () => {
  it('batchWrite sends each table its puts and deletes, numbers exact, and answers {} when all were done', async () => {
    // Prepare
    const { store, run } = managerOverMemory()

    // Act
    const answer = await run(
      writes({
        orders: [put({ pk: 'a', sk: '1', total: 'TOTAL' })],
        [LAB]: [remove({ id: '9' })],
      }).replace('"TOTAL"', '12345678901234567890.5'),
    )

    // Assess
    expect(store.calls).toEqual([
      {
        method: 'batchWrite',
        input: {
          RequestItems: {
            orders: [
              {
                PutRequest: {
                  Item: { pk: { S: 'a' }, sk: { S: '1' }, total: { N: '12345678901234567890.5' } },
                },
              },
            ],
            [LAB]: [{ DeleteRequest: { Key: { id: { S: '9' } } } }],
          },
        },
      },
    ])
    expect(answer).toEqual({ UnprocessedItems: {} })
  })

  it('batchWrite answers what DynamoDB left undone as the request wrote it', async () => {
    // Prepare
    const { store, run } = managerOverMemory()
    store.answer('batchWrite', {
      UnprocessedItems: {
        orders: [{ PutRequest: { Item: { pk: { S: 'a' }, sk: { S: '1' }, n: { N: '1.50' } } } }],
        [LAB]: [{ DeleteRequest: { Key: { id: { S: '9' } } } }],
        [UNDECLARED]: [],
      },
    })

    // Act
    const answer = await run(
      writes({ orders: [put({ pk: 'a', sk: '1' })], [LAB]: [remove({ id: '9' })] }),
    )

    // Assess
    expect(JSON.parse(stringifyJson(answer))).toEqual({
      UnprocessedItems: {
        orders: [{ PutRequest: { Item: { pk: 'a', sk: '1', n: 1.5 } } }],
        [LAB]: [{ DeleteRequest: { Key: { id: '9' } } }],
      },
    })
  })

  it('batchRead sends each table its keys and options, and answers every table asked for', async () => {
    // Prepare
    const { store, run } = managerOverMemory()
    store.answer('batchGet', {
      Responses: { orders: [{ pk: { S: 'a' }, sk: { S: '1' }, total: { N: '5' } }] },
      UnprocessedKeys: {
        [LAB]: {
          Keys: [{ id: { S: '2' } }],
          ProjectionExpression: '#n',
          ExpressionAttributeNames: { '#n': 'name' },
        },
      },
    })

    // Act
    const answer = await run(
      reads({
        orders: { Keys: [{ pk: 'a', sk: '1' }], ConsistentRead: true },
        [LAB]: {
          Keys: [{ id: '1' }, { id: '2' }],
          ProjectionExpression: '#n',
          ExpressionAttributeNames: { '#n': 'name' },
        },
      }),
    )

    // Assess
    expect(store.calls).toEqual([
      {
        method: 'batchGet',
        input: {
          RequestItems: {
            orders: { Keys: [{ pk: { S: 'a' }, sk: { S: '1' } }], ConsistentRead: true },
            [LAB]: {
              Keys: [{ id: { S: '1' } }, { id: { S: '2' } }],
              ProjectionExpression: '#n',
              ExpressionAttributeNames: { '#n': 'name' },
            },
          },
        },
      },
    ])
    expect(JSON.parse(stringifyJson(answer))).toEqual({
      Responses: { orders: [{ pk: 'a', sk: '1', total: 5 }], [LAB]: [] },
      UnprocessedKeys: {
        [LAB]: {
          Keys: [{ id: '2' }],
          ProjectionExpression: '#n',
          ExpressionAttributeNames: { '#n': 'name' },
        },
      },
    })
  })
})

import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import {
  type JsonObject,
  type JsonValue,
  LosslessNumber,
  parseLosslessly,
  stringifyJson,
} from '../../src/core/codec/json.js'
import { ErrorCode } from '../../src/core/error-table.js'
import { BadRequestError, NotFoundError } from '../../src/core/errors.js'
import { type TableOperationName as OperationName, operations } from '../../src/core/operations.js'
import { type MemoryItemStore, memoryItemStore } from '../support/memory-item-store.js'

const TABLE = 'lambda-apigateway'

/**
 * Runs one operation as the manager does, on a payload its schema accepts: the cast is what
 * validation proves in the manager (see manager.ts).
 */
function run(store: MemoryItemStore, operation: OperationName, payload: JsonValue) {
  return operations[operation](store, TABLE, payload as never)
}

/** The failure of a run that should fail, to inspect it whole. */
async function failureOf(answer: Promise<unknown>): Promise<unknown> {
  return answer.then(
    () => expect.unreachable('the operation should have failed'),
    (error: unknown) => error,
  )
}

/** A JSON object with every kind of value, parsed as the API parses a body: digits kept. */
const json = (): JsonObject =>
  parseLosslessly(
    '{"id":"1","long":12345678901234567890,"small":5,"ok":true,"none":null,"tags":{"$SS":["a","b"]},"blob":{"$B":"aGk="},"list":[2.5,"x"],"map":{"k":"v"}}',
  ) as JsonObject

/** The same object as DynamoDB AttributeValues. */
const attributes: Record<string, AttributeValue> = {
  id: { S: '1' },
  long: { N: '12345678901234567890' },
  small: { N: '5' },
  ok: { BOOL: true },
  none: { NULL: true },
  tags: { SS: ['a', 'b'] },
  blob: { B: Buffer.from('hi') },
  list: { L: [{ N: '2.5' }, { S: 'x' }] },
  map: { M: { k: { S: 'v' } } },
}

/** Each operation with a payload its schema accepts, and the store method it calls. */
const tableOperations: Array<[OperationName, JsonObject, string]> = [
  ['create', { Item: { id: '1' } }, 'putItem'],
  ['read', { Key: { id: '1' } }, 'getItem'],
  ['update', { Key: { id: '1' } }, 'updateItem'],
  ['delete', { Key: { id: '1' } }, 'deleteItem'],
  ['list', {}, 'scan'],
  ['query', { KeyConditionExpression: 'id = :id' }, 'query'],
]

describe('what each operation sends to the store', () => {
  it.each<[OperationName, string, JsonObject, string]>([
    ['create', 'Item', {}, 'putItem'],
    ['read', 'Key', {}, 'getItem'],
    ['update', 'Key', {}, 'updateItem'],
    ['delete', 'Key', {}, 'deleteItem'],
    ['list', 'ExclusiveStartKey', {}, 'scan'],
    ['query', 'ExclusiveStartKey', { KeyConditionExpression: 'id = :id' }, 'query'],
    ['create', 'ExpressionAttributeValues', { Item: { id: '1' } }, 'putItem'],
    ['update', 'ExpressionAttributeValues', { Key: { id: '1' } }, 'updateItem'],
    ['delete', 'ExpressionAttributeValues', { Key: { id: '1' } }, 'deleteItem'],
    ['list', 'ExpressionAttributeValues', {}, 'scan'],
    ['query', 'ExpressionAttributeValues', { KeyConditionExpression: 'id = :id' }, 'query'],
  ])(
    '%s sends its %s as DynamoDB AttributeValues, long numbers digit for digit',
    async (operation, field, required, method) => {
      // Prepare
      const store = memoryItemStore()
      store.answer('getItem', { Item: { id: { S: '1' } } })

      // Act
      await run(store, operation, { ...required, [field]: json() })

      // Assess
      expect(store.calls).toEqual([
        { method, input: expect.objectContaining({ TableName: TABLE, [field]: attributes }) },
      ])
    },
  )

  const condition = {
    ConditionExpression: 'attribute_exists(#n) AND #n <> :old',
    ExpressionAttributeNames: { '#n': 'name' },
    ExpressionAttributeValues: { ':old': 'Bob' },
    ReturnValues: 'ALL_OLD',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  }
  const conditionSent = {
    ...condition,
    ExpressionAttributeValues: { ':old': { S: 'Bob' } },
  }

  it.each<[OperationName, JsonObject, Record<string, unknown>]>([
    ['create', { Item: { id: '1' } }, { Item: { id: { S: '1' } } }],
    [
      'update',
      { Key: { id: '1' }, UpdateExpression: 'SET #n = :new' },
      { Key: { id: { S: '1' } }, UpdateExpression: 'SET #n = :new' },
    ],
    ['delete', { Key: { id: '1' } }, { Key: { id: { S: '1' } } }],
  ])('%s sends the keys of a conditional write', async (operation, payload, sent) => {
    // Prepare
    const store = memoryItemStore()

    // Act
    await run(store, operation, { ...payload, ...condition })

    // Assess
    expect(store.calls.map((call) => call.input)).toEqual([
      { TableName: TABLE, ...sent, ...conditionSent },
    ])
  })

  it('read sends its key, projection, attribute names and consistency', async () => {
    // Prepare
    const store = memoryItemStore()
    store.answer('getItem', { Item: { id: { S: '1' } } })

    // Act
    await run(store, 'read', {
      Key: { id: '1' },
      ProjectionExpression: '#n',
      ExpressionAttributeNames: { '#n': 'name' },
      ConsistentRead: true,
    })

    // Assess
    expect(store.calls).toEqual([
      {
        method: 'getItem',
        input: {
          TableName: TABLE,
          Key: { id: { S: '1' } },
          ProjectionExpression: '#n',
          ExpressionAttributeNames: { '#n': 'name' },
          ConsistentRead: true,
        },
      },
    ])
  })

  const pagedRead = {
    Limit: 25,
    ExclusiveStartKey: { id: 'page-3' },
    FilterExpression: '#n <> :skip',
    ProjectionExpression: 'id, #n',
    ExpressionAttributeNames: { '#n': 'name' },
    ExpressionAttributeValues: { ':skip': 'Bob', ':id': 'q1' },
    Segment: 1,
    TotalSegments: 4,
    ConsistentRead: false,
    IndexName: 'by-name',
  }
  const pagedReadSent = {
    ...pagedRead,
    ExclusiveStartKey: { id: { S: 'page-3' } },
    ExpressionAttributeValues: { ':skip': { S: 'Bob' }, ':id': { S: 'q1' } },
  }

  it.each<[OperationName, JsonObject, string, Record<string, unknown>]>([
    ['list', {}, 'scan', {}],
    [
      'query',
      { KeyConditionExpression: 'id = :id', ScanIndexForward: false },
      'query',
      { KeyConditionExpression: 'id = :id', ScanIndexForward: false },
    ],
  ])('%s sends the keys of a paged read', async (operation, payload, method, sent) => {
    // Prepare
    const store = memoryItemStore()

    // Act
    await run(store, operation, { ...payload, ...pagedRead })

    // Assess
    expect(store.calls).toEqual([
      { method, input: { TableName: TABLE, ...sent, ...pagedReadSent } },
    ])
  })

  it.each<[OperationName, string, JsonObject]>([
    ['create', 'Item', {}],
    ['read', 'Key', {}],
    ['update', 'Key', {}],
    ['delete', 'Key', {}],
    ['list', 'ExclusiveStartKey', {}],
    ['query', 'ExclusiveStartKey', { KeyConditionExpression: 'id = :id' }],
    ['create', 'ExpressionAttributeValues', { Item: { id: '1' } }],
    ['list', 'ExpressionAttributeValues', {}],
  ])(
    '%s refuses a value its %s cannot encode, naming the field, before the store is called',
    async (operation, field, required) => {
      // Prepare
      const store = memoryItemStore()

      // Act
      const failure = await failureOf(
        run(store, operation, { ...required, [field]: { id: '1', blob: { $B: 'not base64!' } } }),
      )

      // Assess
      expect(failure).toBeInstanceOf(BadRequestError)
      expect(failure).toMatchObject({
        code: ErrorCode.ValidationError,
        message: `payload.${field}.blob.$B: $B must be a base64 string (RFC 4648, with padding).`,
      })
      expect(store.calls).toEqual([])
    },
  )

  it.each(
    tableOperations.flatMap(([operation, payload]) => [
      [operation, 'a token', payload, JSON.parse('{"__proto__": "name"}')],
      [operation, 'a name', payload, { '#p': '__proto__' }],
    ]),
  )(
    '%s refuses __proto__ as %s of ExpressionAttributeNames, which the SDK would drop',
    async (operation, _where, payload, names) => {
      // Prepare
      const store = memoryItemStore()

      // Act
      const failure = await failureOf(
        run(store, operation, { ...payload, ExpressionAttributeNames: names }),
      )

      // Assess
      expect(failure).toBeInstanceOf(BadRequestError)
      expect(failure).toMatchObject({
        code: ErrorCode.ValidationError,
        message:
          'payload.ExpressionAttributeNames: the name "__proto__" cannot be used through this API.',
      })
      expect(store.calls).toEqual([])
    },
  )
})

describe('how the store output becomes the answer', () => {
  const pagedReads: Array<[OperationName, JsonObject, 'scan' | 'query']> = [
    ['list', {}, 'scan'],
    ['query', { KeyConditionExpression: 'id = :id' }, 'query'],
  ]

  it.each<[OperationName, JsonObject, 'putItem' | 'updateItem' | 'deleteItem']>([
    ['create', { Item: { id: '1' } }, 'putItem'],
    ['update', { Key: { id: '1' } }, 'updateItem'],
    ['delete', { Key: { id: '1' } }, 'deleteItem'],
  ])('%s answers {} when no attributes come back', async (operation, payload, method) => {
    // Prepare
    const store = memoryItemStore()
    store.answer(method, {})

    // Act
    const answer = await run(store, operation, payload)

    // Assess
    expect(stringifyJson(answer)).toBe('{}')
  })

  it.each<[OperationName, JsonObject, 'putItem' | 'updateItem' | 'deleteItem']>([
    ['create', { Item: { id: '1' }, ReturnValues: 'ALL_OLD' }, 'putItem'],
    ['update', { Key: { id: '1' }, ReturnValues: 'ALL_NEW' }, 'updateItem'],
    ['delete', { Key: { id: '1' }, ReturnValues: 'ALL_OLD' }, 'deleteItem'],
  ])(
    '%s answers {"Attributes"} when ReturnValues brought them back',
    async (operation, payload, method) => {
      // Prepare
      const store = memoryItemStore()
      store.answer(method, { Attributes: attributes })

      // Act
      const answer = await run(store, operation, payload)

      // Assess
      expect(stringifyJson(answer)).toBe(stringifyJson({ Attributes: json() }))
    },
  )

  it('read answers {"Item"} with the item in the attribute encoding', async () => {
    // Prepare
    const store = memoryItemStore()
    store.answer('getItem', { Item: attributes })

    // Act
    const answer = await run(store, 'read', { Key: { id: '1' } })

    // Assess
    expect(stringifyJson(answer)).toBe(stringifyJson({ Item: json() }))
  })

  it('read answers 404 ItemNotFound naming the key, digits exact, and the table', async () => {
    // Prepare
    const store = memoryItemStore()
    store.answer('getItem', {})

    // Act
    const failure = await failureOf(
      run(store, 'read', parseLosslessly('{"Key":{"id":"1","sort":12345678901234567890}}')),
    )

    // Assess
    expect(failure).toBeInstanceOf(NotFoundError)
    expect(failure).toMatchObject({
      statusCode: 404,
      code: ErrorCode.ItemNotFound,
      message: `No item with key {"id":"1","sort":12345678901234567890} in table "${TABLE}".`,
    })
  })

  it.each(pagedReads)(
    '%s answers the page: Items, Count, ScannedCount and the LastEvaluatedKey cursor',
    async (operation, payload, method) => {
      // Prepare
      const store = memoryItemStore()
      store.answer(method, {
        Items: [attributes, { id: { S: '2' } }],
        Count: 2,
        ScannedCount: 7,
        LastEvaluatedKey: { id: { S: '2' } },
      })

      // Act
      const answer = await run(store, operation, payload)

      // Assess
      expect(stringifyJson(answer)).toBe(
        stringifyJson({
          Items: [json(), { id: '2' }],
          Count: 2,
          ScannedCount: 7,
          LastEvaluatedKey: { id: '2' },
        }),
      )
    },
  )

  const pageCases: Array<[string, Record<string, unknown>, string]> = [
    [
      'the last page without LastEvaluatedKey',
      { Items: [{ id: { S: '1' } }], Count: 1, ScannedCount: 3 },
      '{"Items":[{"id":"1"}],"Count":1,"ScannedCount":3}',
    ],
    ['an empty page with zeros', {}, '{"Items":[],"Count":0,"ScannedCount":0}'],
  ]
  it.each(
    pagedReads.flatMap(([operation, payload, method]) =>
      pageCases.map(
        ([name, output, text]): [
          OperationName,
          string,
          JsonObject,
          'scan' | 'query',
          Record<string, unknown>,
          string,
        ] => [operation, name, payload, method, output, text],
      ),
    ),
  )('%s answers %s', async (operation, _name, payload, method, output, text) => {
    // Prepare
    const store = memoryItemStore()
    store.answer(method, output)

    // Act
    const answer = await run(store, operation, payload)

    // Assess
    expect(stringifyJson(answer)).toBe(text)
  })

  it.each<[string, AttributeValue, string]>([
    ['a long integer', { N: '12345678901234567890' }, '12345678901234567890'],
    [
      '38 significant digits',
      { N: '3.1415926535897932384626433832795028841' },
      '3.1415926535897932384626433832795028841',
    ],
    ['a tiny number', { N: '1E-130' }, '1E-130'],
    ['a small integer', { N: '5' }, '5'],
  ])(
    'reads %s as a LosslessNumber with exactly DynamoDB’s digits',
    async (_name, value, digits) => {
      // Prepare
      const store = memoryItemStore()
      store.answer('getItem', { Item: { n: value, set: { NS: [digits] } } })

      // Act
      const answer = (await run(store, 'read', { Key: { id: '1' } })) as {
        Item: { n: unknown; set: { $NS: unknown[] } }
      }

      // Assess
      expect(answer.Item.n).toBeInstanceOf(LosslessNumber)
      expect(answer.Item.n).toEqual(new LosslessNumber(digits))
      expect(answer.Item.set.$NS).toEqual([new LosslessNumber(digits)])
      expect(stringifyJson(answer as JsonValue)).toBe(
        `{"Item":{"n":${digits},"set":{"$NS":[${digits}]}}}`,
      )
    },
  )
})

describe('echo and ping', () => {
  it.each<[string, JsonValue]>([
    [
      'an object with a long number',
      { a: [1, 'b'], n: new LosslessNumber('12345678901234567890') },
    ],
    ['a string', 'text'],
    ['null (no payload)', null],
  ])('echo answers its payload as sent: %s, touching no store', async (_name, payload) => {
    // Prepare
    const store = memoryItemStore()

    // Act
    const answer = await run(store, 'echo', payload)

    // Assess
    expect(stringifyJson(answer)).toBe(stringifyJson(payload))
    expect(store.calls).toEqual([])
  })

  it('ping answers "pong", touching no store', async () => {
    // Prepare
    const store = memoryItemStore()

    // Act
    const answer = await run(store, 'ping', null)

    // Assess
    expect(answer).toBe('pong')
    expect(store.calls).toEqual([])
  })
})

import fc from 'fast-check'
import { LosslessNumber, stringify } from 'lossless-json'
import { operationNames } from '../../src/core/schema/operation-names.js'

/**
 * Generators of hostile and near-valid requests for the fuzz suite. Every generated request
 * says which statuses docs/api.md allows for it, and, when it may write, what it would write, so
 * that the suite can check the table afterwards against the writes the API accepted.
 */

export type TrackedWrite =
  | { readonly type: 'put'; readonly id: string; readonly itemText: string }
  | { readonly type: 'set'; readonly id: string; readonly name: string; readonly valueText: string }
  | { readonly type: 'delete'; readonly id: string }

export interface HostileRequest {
  readonly kind: string
  readonly method: string
  readonly path: string
  readonly contentType: string | undefined
  readonly body: string | Uint8Array | undefined
  /** The statuses docs/api.md allows for this request. */
  readonly allowed: readonly number[]
  readonly write?: TrackedWrite
}

export const SEEDS_KEPT = Array.from({ length: 20 }, (_, index) => `seed-keep-${index}`)
export const SEEDS_DELETABLE = Array.from({ length: 20 }, (_, index) => `seed-delete-${index}`)
export const OTHER_ALLOWED_TABLE = 'fuzz-other'

const MANAGER = '/Prod/DynamoDBManager'
const JSON_TYPE = 'application/json'

function post(
  kind: string,
  body: string | Uint8Array,
  allowed: readonly number[],
  write?: TrackedWrite,
): HostileRequest {
  return {
    kind,
    method: 'POST',
    path: MANAGER,
    contentType: JSON_TYPE,
    body,
    allowed,
    ...(write ? { write } : {}),
  }
}

/** Unique ids: each tracked write touches an item no other request touches. */
let sequence = 0
function nextId(prefix: string): string {
  sequence += 1
  return `${prefix}-${sequence}`
}

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

/** Attribute names, ordinary and hostile: keys of the item, prototype keys, path syntax. */
const attributeName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 16 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
  fc.constantFrom(
    'id',
    'constructor',
    'prototype',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'a.b',
    'a[0]',
    '#n',
    ':v',
    'x = :v, id',
    '',
  ),
)

/** Number literals of every shape JSON allows, past DynamoDB's 38 digits and range too. */
const numberLiteral = fc
  .stringMatching(/^-?(0|[1-9]\d{0,41})(\.\d{1,14})?([eE][+-]?\d{1,3})?$/)
  .map((text) => new LosslessNumber(text))

const leaf = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '\ud800', 'a\udc00b', '\u0000', 'é', '"; DROP TABLE lambda-apigateway; --'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  numberLiteral,
  fc.boolean(),
  fc.constant(null),
)

const base64ish = fc.oneof(fc.base64String({ maxLength: 16 }), fc.string({ maxLength: 8 }))

const { value: attributeValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ $SS: fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }) }),
    fc.record({
      $NS: fc.array(fc.oneof(fc.integer(), numberLiteral, fc.string({ maxLength: 4 })), {
        maxLength: 4,
      }),
    }),
    fc.record({ $B: base64ish }),
    fc.record({ $BS: fc.array(base64ish, { maxLength: 3 }) }),
    fc.record({ $N: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()) }),
    fc.record({ $M: fc.dictionary(attributeName, tie('value'), { maxKeys: 3 }) }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(attributeName, tie('value'), { maxKeys: 4 }),
  ),
}))

const item = fc.dictionary(attributeName, attributeValue, { maxKeys: 6 })

// ---------------------------------------------------------------------------------------
// Tracked writes: whatever the API accepts of these is checked against the table at the end
// ---------------------------------------------------------------------------------------

const trackedCreate = item.map((attributes) => {
  const id = nextId('fz')
  const itemText = stringify({ ...attributes, id }) ?? '{}'
  return post('create', `{"operation":"create","payload":{"Item":${itemText}}}`, [200, 400], {
    type: 'put',
    id,
    itemText,
  })
})

const trackedUpdate = fc.tuple(attributeName, attributeValue).map(([name, value]) => {
  const id = nextId('fu')
  const valueText = stringify(value) ?? 'null'
  const body = `{"operation":"update","payload":{"Key":{"id":"${id}"},"UpdateExpression":"SET #a = :v","ExpressionAttributeNames":{"#a":${JSON.stringify(name)}},"ExpressionAttributeValues":{":v":${valueText}}}}`
  return post('update', body, [200, 400], { type: 'set', id, name, valueText })
})

const trackedDelete = fc.constantFrom(...SEEDS_DELETABLE).map((id) =>
  post('delete', JSON.stringify({ operation: 'delete', payload: { Key: { id } } }), [200], {
    type: 'delete',
    id,
  }),
)

/** A create that must lose: the item exists and is never deleted. */
const conditionalCreate = fc.constantFrom(...SEEDS_KEPT).map((id) =>
  post(
    'conditional',
    JSON.stringify({
      operation: 'create',
      payload: { Item: { id, stolen: true }, ConditionExpression: 'attribute_not_exists(id)' },
    }),
    [409],
  ),
)

// ---------------------------------------------------------------------------------------
// Reads with injection attempts in expressions and table names: they may succeed, never write
// ---------------------------------------------------------------------------------------

const injection = fc.constantFrom(
  'id = :v OR 1 = 1',
  'id = :v; DELETE',
  '#t',
  'attribute_exists(id)) OR (attribute_exists(id)',
  "id = 'x'",
  'id IN (:a, :b)',
  ':v',
  '$[0]',
  'size(id) > :v',
  'contains(#n, :v)',
  'begins_with(id, :v)',
)

const hostileTableName = fc.constantFrom(
  'lambda-apigateway',
  OTHER_ALLOWED_TABLE,
  'secrets',
  "lambda-apigateway'; --",
  '../lambda-apigateway',
  'arn:aws:dynamodb:us-east-1:000000000000:table/lambda-apigateway',
  'lambda-apigateway ',
  'ab',
  'x'.repeat(300),
)

const injectedRead = fc
  .tuple(
    fc.constantFrom('read', 'list', 'query'),
    injection,
    hostileTableName,
    fc.boolean(),
    attributeName,
    attributeValue,
  )
  .map(([operation, expression, tableName, useTable, name, value]) => {
    // Only the tokens the expression uses: DynamoDB refuses unused ones, and the point is
    // to reach the expression's evaluation.
    const used = (tokens: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(tokens).filter(([token]) => expression.includes(token)))
    const names = used({ '#n': name, '#t': 'lambda-apigateway' })
    const values = used({ ':v': value, ':a': 'a', ':b': 'b' })
    const payload =
      operation === 'read'
        ? {
            Key: { id: 'seed-keep-0' },
            ProjectionExpression: expression,
            ExpressionAttributeNames: names,
          }
        : operation === 'list'
          ? {
              FilterExpression: expression,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
              Limit: 5,
            }
          : {
              KeyConditionExpression: expression,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            }
    const envelope = { operation, ...(useTable ? { tableName } : {}), payload }
    return post('injection', stringify(envelope) ?? '{}', [200, 400, 403, 404])
  })

// ---------------------------------------------------------------------------------------
// Near-valid: one step away from a valid request, and always invalid by construction
// ---------------------------------------------------------------------------------------

const validEnvelopes: ReadonlyArray<Record<string, unknown>> = [
  { operation: 'create', payload: { Item: { id: 'nv' } } },
  { operation: 'read', payload: { Key: { id: 'nv' } } },
  {
    operation: 'update',
    payload: {
      Key: { id: 'nv' },
      UpdateExpression: 'SET a = :a',
      ExpressionAttributeValues: { ':a': 1 },
    },
  },
  { operation: 'delete', payload: { Key: { id: 'nv' } } },
  { operation: 'list', payload: { Limit: 10 } },
  {
    operation: 'query',
    payload: { KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': 'nv' } },
  },
  {
    operation: 'batchWrite',
    payload: { RequestItems: { 'lambda-apigateway': [{ PutRequest: { Item: { id: 'nv' } } }] } },
  },
  {
    operation: 'batchRead',
    payload: { RequestItems: { 'lambda-apigateway': { Keys: [{ id: 'nv' }] } } },
  },
]

const REQUIRED_KEY: Readonly<Record<string, string>> = {
  create: 'Item',
  read: 'Key',
  update: 'Key',
  delete: 'Key',
  query: 'KeyConditionExpression',
  batchRead: 'RequestItems',
  batchWrite: 'RequestItems',
}

type Mutation = (envelope: Record<string, unknown>, payload: Record<string, unknown>) => unknown

const wrongTyped: ReadonlyArray<[string, unknown]> = [
  ['Limit', '10'],
  ['Limit', -1],
  ['Limit', 1.5],
  ['ConsistentRead', 'true'],
  ['ReturnValues', 'ALL'],
  ['Item', []],
  ['Key', '1'],
  ['ExpressionAttributeNames', ['#a']],
  ['ExpressionAttributeValues', 'x'],
  ['Segment', -3],
]

const mutation = fc.oneof(
  fc.constant<Mutation>((envelope, payload) => {
    const required = REQUIRED_KEY[String(envelope.operation)]
    if (required === undefined) return { ...envelope, payload: { ...payload, Unknown: 1 } }
    const { [required]: _dropped, ...rest } = payload
    return { ...envelope, payload: rest }
  }),
  fc
    .constantFrom('TableName', 'item', 'ReturnConsumedCapacity', 'Items', 'key', 'Expected')
    .map<Mutation>((key) => (envelope, payload) => ({
      ...envelope,
      payload: { ...payload, [key]: 1 },
    })),
  fc.constantFrom(...wrongTyped).map<Mutation>(([key, value]) => (envelope, payload) => {
    // A wrong type for a key the operation does not take is an unknown key: invalid either way.
    return { ...envelope, payload: { ...payload, [key]: value } }
  }),
  fc
    .oneof(
      fc
        .string({ maxLength: 12 })
        .filter((name) => !(operationNames as readonly string[]).includes(name)),
      fc.constantFrom(5, null, [], {}),
    )
    .map<Mutation>((operation) => (envelope) => ({ ...envelope, operation })),
  fc
    .constantFrom('ab', 'a b', 'x'.repeat(300), 7, 'secrets', "t'; --")
    .map<Mutation>((tableName) => (envelope) => ({ ...envelope, tableName })),
  fc
    .constantFrom('constructor', 'prototype', 'TableName', 'payLoad', 'operations')
    .map<Mutation>((key) => (envelope) => ({ ...envelope, [key]: {} })),
  fc
    .constantFrom<unknown>([], 'payload', 42, true)
    .map<Mutation>((bad) => (envelope) => ({ ...envelope, payload: bad })),
  fc.constant<Mutation>((envelope) => [envelope]),
)

const nearValid = fc
  .tuple(fc.constantFrom(...validEnvelopes), mutation)
  .map(([envelope, mutate]) => {
    const mutated = mutate({ ...envelope }, { ...(envelope.payload as Record<string, unknown>) })
    return post('near-valid', JSON.stringify(mutated), [400, 403])
  })

// ---------------------------------------------------------------------------------------
// Malformed bodies
// ---------------------------------------------------------------------------------------

const randomJson = fc
  .jsonValue({ maxDepth: 4 })
  .map((value) => post('random-json', JSON.stringify(value) ?? 'null', [200, 400]))

const badUtf8 = fc
  .tuple(
    fc.constantFrom(
      [0xff],
      [0xc3, 0x28],
      [0xe2, 0x82],
      [0xf0, 0x28, 0x8c, 0xbc],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
    ),
    fc.boolean(),
  )
  .map(([bytes, inItem]) => {
    const [before, after] = inItem
      ? ['{"operation":"create","payload":{"Item":{"id":"utf","s":"', '"}}}']
      : ['{"operation":"ping","x":"', '"}']
    return post(
      'bad-utf8',
      Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]),
      [400],
    )
  })

const duplicateKeys = fc
  .constantFrom(
    '{"operation":"create","operation":"delete","payload":{"Key":{"id":"seed-keep-1"}}}',
    '{"operation":"create","payload":{"Item":{"id":"dup","id":"seed-keep-2"}}}',
    '{"operation":"create","payload":{"Item":{"id":"dup2","a":1,"a":2}}}',
    '{"operation":"update","payload":{"Key":{"id":"dup3"},"Key":{"id":"seed-keep-3"}}}',
  )
  .map((body) => post('duplicate-keys', body, [400]))

const prototypePollution = fc
  .constantFrom(
    '{"__proto__":{"operation":"ping"},"operation":"ping"}',
    '{"operation":"create","payload":{"Item":{"id":"pp1","__proto__":{"polluted":true}}}}',
    '{"operation":"create","payload":{"Item":{"id":"pp2","nested":{"__proto__":{"polluted":true}}}}}',
    '{"operation":"read","payload":{"Key":{"__proto__":{"id":"seed-keep-4"}}}}',
    '{"operation":"update","payload":{"Key":{"id":"pp3"},"UpdateExpression":"SET #p = :v","ExpressionAttributeNames":{"#p":"__proto__"},"ExpressionAttributeValues":{":v":1}}}',
    '{"operation":"list","payload":{"ExclusiveStartKey":{"__proto__":{"id":"x"}}}}',
    '{"operation":"ping","constructor":{"prototype":{"polluted":true}}}',
  )
  .map((body) => post('prototype-pollution', body, [400]))

const huge = fc.oneof(
  fc.constant(
    post('huge-body', `{"operation":"echo","payload":"${'x'.repeat(1_100_000)}"}`, [413]),
  ),
  fc.constant(
    post(
      'oversized-item',
      `{"operation":"create","payload":{"Item":{"id":"big","blob":"${'x'.repeat(410_000)}"}}}`,
      [400],
    ),
  ),
  fc.constant(
    post(
      'oversized-key',
      `{"operation":"create","payload":{"Item":{"id":"${'k'.repeat(2049)}"}}}`,
      [400],
    ),
  ),
  fc
    .integer({ min: 65, max: 400 })
    .map((depth) =>
      post(
        'deep-nesting',
        `{"operation":"echo","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`,
        [400],
      ),
    ),
  fc.integer({ min: 30, max: 62 }).map((depth) => {
    // Near DynamoDB's limit of 32 levels: accepted below it, refused above; tracked either way.
    const id = nextId('deep')
    const itemText = `{"id":"${id}","v":${'['.repeat(depth)}1${']'.repeat(depth)}}`
    return post('deep-item', `{"operation":"create","payload":{"Item":${itemText}}}`, [200, 400], {
      type: 'put',
      id,
      itemText,
    })
  }),
)

const wrongHttp = fc.oneof(
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'application/json; charset=latin1',
    )
    .map(
      (contentType): HostileRequest => ({
        ...post('content-type', '{"operation":"ping"}', [415]),
        contentType,
      }),
    ),
  fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH').map(
    (method): HostileRequest => ({
      kind: 'method',
      method,
      path: MANAGER,
      contentType: undefined,
      body: undefined,
      allowed: [405],
    }),
  ),
  fc
    .constantFrom(
      '/Prod/dynamodbmanager',
      '/Dev/DynamoDBManager',
      '/Prod/DynamoDBManager/x',
      '/%2e%2e/etc/passwd',
      '/Prod/../health',
    )
    .map(
      // Clients normalise dot segments, so some of these reach /health: a POST there is a 405.
      (path): HostileRequest => ({ ...post('path', '{"operation":"ping"}', [404, 405]), path }),
    ),
)

/** The whole mix, weighted towards what can write and what is one step from valid. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
  { arbitrary: trackedCreate, weight: 22 },
  { arbitrary: trackedUpdate, weight: 14 },
  { arbitrary: trackedDelete, weight: 4 },
  { arbitrary: conditionalCreate, weight: 4 },
  { arbitrary: injectedRead, weight: 12 },
  { arbitrary: nearValid, weight: 18 },
  { arbitrary: randomJson, weight: 8 },
  { arbitrary: badUtf8, weight: 4 },
  { arbitrary: duplicateKeys, weight: 3 },
  { arbitrary: prototypePollution, weight: 3 },
  { arbitrary: huge, weight: 2 },
  { arbitrary: wrongHttp, weight: 6 },
)

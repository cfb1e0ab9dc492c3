import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { validatorsModule } from '../../scripts/compile-validators.js'
import { parseJson } from '../../src/core/codec/request-json.js'
import { ErrorCode } from '../../src/core/error-table.js'
import { BadRequestError } from '../../src/core/errors.js'
import { parseEnvelope } from '../../src/core/schema/validate.js'

const parse = (json: string) => parseEnvelope(parseJson(json))

function failureOf(json: string): BadRequestError {
  try {
    parse(json)
  } catch (error) {
    if (error instanceof BadRequestError) return error
    throw error
  }
  throw new Error(`expected ${json} to be refused`)
}

describe('parseEnvelope', () => {
  it.each([
    ['{"operation":"ping"}', 'ping', null],
    [
      '{"operation":"echo","payload":{"somekey1":"somevalue1"}}',
      'echo',
      { somekey1: 'somevalue1' },
    ],
    ['{"operation":"echo"}', 'echo', null],
    ['{"operation":"list"}', 'list', {}],
    ['{"operation":"tables"}', 'tables', null],
    ['{"operation":"tables","payload":{}}', 'tables', null],
    [
      '{"operation":"read","tableName":"lambda-apigateway","payload":{"Key":{"id":"1"}}}',
      'read',
      { Key: { id: '1' } },
    ],
  ])('accepts %s', (json, operation, payload) => {
    expect(parse(json)).toMatchObject({ operation, payload })
  })

  it.each([
    ['[1]', ErrorCode.InvalidRequest, /must be a JSON object/],
    [
      '{"operation":"drop"}',
      ErrorCode.UnknownOperation,
      /Unknown operation "drop". Use one of: create, read, update, delete, list, query, batchRead, batchWrite, echo, ping/,
    ],
    ['{"payload":{}}', ErrorCode.InvalidRequest, /request.operation is required/],
    ['{"operation":5}', ErrorCode.InvalidRequest, /request.operation must be one of "create"/],
    [
      '{"operation":"ping","extra":1}',
      ErrorCode.InvalidRequest,
      /request has a key "extra" that the request envelope does not accept/,
    ],
    ['{"operation":"read","tableName":"x"}', ErrorCode.InvalidRequest, /request.tableName/],
    [
      '{"operation":"tables","tableName":"lambda-apigateway"}',
      ErrorCode.InvalidRequest,
      /^operation "tables" answers every declared table and takes no tableName; remove it\.$/,
    ],
    [
      '{"operation":"tables","payload":{"Limit":1}}',
      ErrorCode.InvalidRequest,
      /^operation "tables" takes no payload; send \{"operation": "tables"\}\.$/,
    ],
    [
      '{"operation":"batchRead","tableName":"lambda-apigateway","payload":{"RequestItems":{"lambda-apigateway":{"Keys":[{"id":"1"}]}}}}',
      ErrorCode.InvalidRequest,
      /Operation "batchRead" takes no tableName: name each table as a key of payload.RequestItems/,
    ],
    [
      '{"operation":"batchRead","payload":{"RequestItems":{"orders":{"Keys":[{"pk":"1"}],"Limit":5}}}}',
      ErrorCode.UnknownPayloadKey,
      /payload.RequestItems.orders has a key "Limit" .* Accepted keys: Keys, ProjectionExpression, ExpressionAttributeNames, ConsistentRead\./,
    ],
    [
      '{"operation":"batchWrite","payload":{"RequestItems":{"orders":[{"PutRequest":{"Item":{}}},{"UpdateRequest":{}}]}}}',
      ErrorCode.UnknownPayloadKey,
      /payload.RequestItems.orders\[1\] has a key "UpdateRequest" .* Accepted keys: PutRequest, DeleteRequest\./,
    ],
    [
      '{"operation":"batchWrite","payload":{"RequestItems":{"orders":[{"DeleteRequest":{"Item":{}}}]}}}',
      ErrorCode.UnknownPayloadKey,
      /payload.RequestItems.orders\[0\].DeleteRequest has a key "Item" .* Accepted keys: Key\./,
    ],
    [
      '{"operation":"batchRead","payload":{"RequestItems":{"orders":{"Keys":[]}}}}',
      ErrorCode.InvalidRequest,
      /payload.RequestItems.orders.Keys must NOT have fewer than 1 items/,
    ],
    [
      `{"operation":"batchWrite","payload":{"RequestItems":{"orders":[${Array(26).fill('{"DeleteRequest":{"Key":{"pk":"1"}}}').join(',')}]}}}`,
      ErrorCode.InvalidRequest,
      /payload.RequestItems.orders must NOT have more than 25 items/,
    ],
    [
      '{"operation":"batchWrite","payload":{}}',
      ErrorCode.InvalidRequest,
      /payload.RequestItems is required by operation "batchWrite"/,
    ],
    [
      '{"operation":"read","payload":{}}',
      ErrorCode.InvalidRequest,
      /payload.Key is required by operation "read"/,
    ],
    [
      '{"operation":"read"}',
      ErrorCode.InvalidRequest,
      /payload.Key is required by operation "read"/,
    ],
    [
      '{"operation":"read","payload":{"Key":"1"}}',
      ErrorCode.InvalidRequest,
      /payload.Key must be a JSON object/,
    ],
    [
      '{"operation":"read","payload":{"Key":{"id":"1"},"Item":{}}}',
      ErrorCode.UnknownPayloadKey,
      /payload has a key "Item" that operation "read" does not accept. Accepted keys: Key, ProjectionExpression, ExpressionAttributeNames, ConsistentRead/,
    ],
    ['{"operation":"create","payload":{"item":{"id":"1"}}}', ErrorCode.UnknownPayloadKey, /"item"/],
    ['{"operation":"list","payload":{"Limit":0}}', ErrorCode.InvalidRequest, /payload.Limit/],
    [
      '{"operation":"list","payload":{"Limit":"10"}}',
      ErrorCode.InvalidRequest,
      /payload.Limit must be an integer/,
    ],
    [
      '{"operation":"list","payload":{"Limit":12345678901234567890}}',
      ErrorCode.InvalidRequest,
      /payload.Limit must be an integer/,
    ],
    [
      '{"operation":"create","payload":{"Item":{},"ReturnValues":"ALL"}}',
      ErrorCode.InvalidRequest,
      /payload.ReturnValues must be one of "NONE", "ALL_OLD"/,
    ],
    [
      '{"operation":"query","payload":{}}',
      ErrorCode.InvalidRequest,
      /payload.KeyConditionExpression is required by operation "query"/,
    ],
    [
      '{"operation":"read","payload":{"Key":{},"ExpressionAttributeNames":{"#n":1}}}',
      ErrorCode.InvalidRequest,
      /payload.ExpressionAttributeNames\["#n"\] must be a string/,
    ],
    [
      '{"operation":"create","payload":{"Item":12345678901234567890}}',
      ErrorCode.InvalidRequest,
      /^payload.Item must be a JSON object, not a number/,
    ],
    [
      '{"operation":"read","payload":12345678901234567890}',
      ErrorCode.InvalidRequest,
      /^payload must be a JSON object, not a number/,
    ],
    [
      '{"operation":"read","payload":{"Key":{"id":"1"},"ExpressionAttributeNames":12345678901234567890}}',
      ErrorCode.InvalidRequest,
      /^payload.ExpressionAttributeNames must be a JSON object/,
    ],
  ])('refuses %s with %s', (json, code, message) => {
    const error = failureOf(json)
    expect(error.code).toBe(code)
    expect(error.statusCode).toBe(400)
    expect(error.message).toMatch(message)
  })
})

describe('the compiled validators (src/core/schema/validators.generated.js)', () => {
  it('are what npm run validators writes from the schemas now (not stale)', async () => {
    const committed = await readFile(
      new URL('../../src/core/schema/validators.generated.js', import.meta.url),
      'utf8',
    )
    expect(committed).toBe(validatorsModule())
  })

  it('reports every unknown key of a payload, not only the first', () => {
    const error = failureOf('{"operation":"read","payload":{"Key":{"id":"1"},"item":1,"Items":2}}')
    expect(error.code).toBe(ErrorCode.UnknownPayloadKey)
    expect(error.message).toMatch(/has keys "item", "Items" that operation "read" does not accept/)
  })

  it('counts a string length in characters, as JSON Schema does, not in UTF-16 units', () => {
    // Three emoji are six UTF-16 units but three characters: a valid IndexName (3 to 255).
    expect(parse('{"operation":"list","payload":{"IndexName":"😀😀😀"}}')).toMatchObject({
      payload: { IndexName: '😀😀😀' },
    })
    expect(failureOf('{"operation":"list","payload":{"IndexName":"😀😀"}}').message).toMatch(
      /payload.IndexName must NOT have fewer than 3 characters/,
    )
  })
})

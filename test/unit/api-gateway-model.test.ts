import Schema from 'typebox/schema'
import { describe, expect, it } from 'vitest'
import {
  apiGatewayRequestModel,
  DRAFT_4_URI,
  toDraft4,
} from '../../infra/constructs/api-gateway-model.js'
import { parseJson } from '../../src/core/codec/request-json.js'
import { BadRequestError } from '../../src/core/errors.js'
import { Envelope } from '../../src/core/schema/envelope.js'
import { operationNames } from '../../src/core/schema/operation-names.js'
import { parseEnvelope } from '../../src/core/schema/validate.js'

describe('toDraft4', () => {
  it('turns const into a one-value enum, at any depth', () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: { operation: { const: 'ping' }, list: { items: { const: 1 } } },
    }

    // Act
    const draft4 = toDraft4(schema)

    // Assess
    expect(draft4).toEqual({
      type: 'object',
      properties: { operation: { enum: ['ping'] }, list: { items: { enum: [1] } } },
    })
  })

  it.each([
    ['a lone exclusive bound', { exclusiveMinimum: 5 }, { minimum: 5, exclusiveMinimum: true }],
    [
      'an exclusive bound tighter than the inclusive one',
      { minimum: 3, exclusiveMinimum: 5 },
      { minimum: 5, exclusiveMinimum: true },
    ],
    [
      'an inclusive bound tighter than the exclusive one',
      { minimum: 5, exclusiveMinimum: 3 },
      { minimum: 5 },
    ],
    [
      'an upper exclusive bound',
      { maximum: 10, exclusiveMaximum: 9 },
      { maximum: 9, exclusiveMaximum: true },
    ],
    [
      'a draft 4 flag already',
      { maximum: 10, exclusiveMaximum: true },
      { maximum: 10, exclusiveMaximum: true },
    ],
  ])('writes %s in draft 4 form', (_, schema, expected) => {
    expect(toDraft4(schema)).toEqual(expected)
  })

  it('drops the keywords draft 4 lacks, and an empty required list', () => {
    // Prepare
    const schema = {
      $id: 'urn:x',
      $defs: { a: {} },
      $comment: 'x',
      type: 'object',
      required: [],
      examples: [{}],
      propertyNames: { pattern: '^a' },
      unevaluatedProperties: false,
      if: { type: 'object' },
      else: {},
      contains: {},
      readOnly: true,
      description: 'kept',
    }

    // Act
    const draft4 = toDraft4(schema)

    // Assess
    expect(draft4).toEqual({ type: 'object', description: 'kept' })
  })

  it('keeps a property named like a dropped keyword, and additionalProperties: false', () => {
    const schema = {
      type: 'object',
      properties: { examples: { type: 'string' }, const: { type: 'number' } },
      additionalProperties: false,
    }

    expect(toDraft4(schema)).toEqual(schema)
  })

  it('writes boolean schemas as {} and {"not": {}}', () => {
    expect(toDraft4({ anyOf: [true, false], not: false })).toEqual({
      anyOf: [{}, { not: {} }],
      not: { not: {} },
    })
  })
})

describe('apiGatewayRequestModel', () => {
  it('is the envelope schema in draft 4, named for API Gateway', () => {
    // Act
    const model = apiGatewayRequestModel()

    // Assess
    expect(model).toMatchObject({
      $schema: DRAFT_4_URI,
      title: 'DynamoDBManagerRequest',
      type: 'object',
      required: ['operation'],
      additionalProperties: false,
      properties: {
        operation: { enum: [...operationNames] },
        tableName: { type: 'string', pattern: '^[a-zA-Z0-9_.-]+$' },
      },
    })
    expect(JSON.stringify(model)).not.toMatch(/"const"|"\$id"|"examples"/)
  })

  const modelValidator = Schema.Compile(toDraft4(Envelope))
  function handlerAcceptsEnvelope(json: string): boolean {
    try {
      parseEnvelope(parseJson(json))
      return true
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error
      // The handler checks the payload too; the model checks the envelope only.
      return error.message.startsWith('payload')
    }
  }

  it.each([
    '{"operation":"ping"}',
    '{"operation":"read","tableName":"lambda-apigateway","payload":{"Key":{"id":"1"}}}',
    '{"operation":"echo","payload":[1,"two"]}',
    '{"operation":"drop"}',
    '{"operation":5}',
    '{"payload":{}}',
    '{"operation":"ping","extra":1}',
    '{"operation":"read","tableName":"x"}',
    '{"operation":"read","tableName":"bad name!"}',
    '{"operation":"batchRead","payload":{"RequestItems":{}}}',
    '{"operation":"batchWrite","tableName":"bad name!"}',
    '[1]',
  ])('agrees with the handler on whether the envelope %s is well formed', (json) => {
    expect(modelValidator.Check(JSON.parse(json))).toBe(handlerAcceptsEnvelope(json))
  })

  it('leaves a batch that names a tableName to the handler, which refuses it with the same 400', () => {
    // Arrange: draft 4 could say "no tableName for these operations" only with a `not` whose
    // failure API Gateway reports as an unreadable message; the handler says where the names go.
    const json = '{"operation":"batchWrite","tableName":"lambda-apigateway","payload":{}}'

    // Act
    const modelAccepts = modelValidator.Check(JSON.parse(json))
    const failure = (() => {
      try {
        parseEnvelope(parseJson(json))
      } catch (error) {
        return error as BadRequestError
      }
      return undefined
    })()

    // Assess
    expect(modelAccepts).toBe(true)
    expect(failure?.statusCode).toBe(400)
    expect(failure?.code).toBe('InvalidRequest')
    expect(failure?.message).toMatch(/takes no tableName.*payload\.RequestItems/)
  })
})

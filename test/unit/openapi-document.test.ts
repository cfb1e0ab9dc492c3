import { readFile } from 'node:fs/promises'
import { validate } from '@readme/openapi-parser'
import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../src/core/codec/json.js'
import { ErrorCode } from '../../src/core/error-table.js'
import { envelopeOf } from '../../src/core/schema/envelope.js'
import { requestExamples } from '../../src/core/schema/examples.js'
import { operationNames } from '../../src/core/schema/payloads.js'
import { parseEnvelope } from '../../src/core/schema/validate.js'
import {
  buildOpenApiDocument,
  errorCodesByStatus,
  openApiJson,
} from '../../src/openapi/document.js'

const committed = () => readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8')

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for @readme/openapi-parser', async () => {
    // Prepare: the validator dereferences in place, so give it a copy of its own.
    const document = JSON.parse(await committed())

    // Act
    const result = await validate(document)

    // Assess
    expect(result.valid ? [] : result.errors).toEqual([])
    expect(result).toMatchObject({ valid: true, warnings: [], specification: 'OpenAPI' })
    expect(document.openapi).toBe('3.1.0')
  })

  it('docs/openapi.json is what npm run openapi writes now (not stale)', async () => {
    expect(await committed()).toBe(openApiJson())
  })

  it.each(operationNames)('describes the %s request with the envelope schema itself', (name) => {
    // Act
    const { components } = buildOpenApiDocument()
    const schemaName = `${name[0]?.toUpperCase()}${name.slice(1)}Request`

    // Assess
    expect((components.schemas as Record<string, unknown>)[schemaName]).toEqual(envelopeOf(name))
    expect(components.schemas.DynamoDBManagerRequest.oneOf).toContainEqual({
      $ref: `#/components/schemas/${schemaName}`,
      title: name,
    })
    expect(components.schemas.DynamoDBManagerRequest.discriminator.mapping[name]).toBe(
      `#/components/schemas/${schemaName}`,
    )
  })

  it('names each request variant by its operation, as the discriminator maps it', () => {
    // Act: Swagger UI lists a oneOf's members by title, else as "any" or "object".
    const { DynamoDBManagerRequest } = buildOpenApiDocument().components.schemas

    // Assess
    expect(DynamoDBManagerRequest.oneOf.map(({ $ref, title }) => [title, $ref])).toEqual(
      Object.entries(DynamoDBManagerRequest.discriminator.mapping),
    )
  })

  it('names each answer of the operation by the operations that answer it', () => {
    // Act
    const { responses } = buildOpenApiDocument().paths['/Prod/DynamoDBManager'].post
    const variants = responses['200'].content['application/json'].schema.anyOf

    // Assess
    expect(variants.map(({ title }) => title)).toEqual([
      'create, update, delete',
      'read',
      'list, query',
      'batchRead',
      'batchWrite',
      'echo',
      'ping',
      'tables',
    ])
  })

  it.each(operationNames)('gives the %s request its operation as a string constant', (name) => {
    // Act
    const schemas = buildOpenApiDocument().components.schemas as Record<string, unknown>
    const schema = schemas[`${name[0]?.toUpperCase()}${name.slice(1)}Request`]

    // Assess
    expect(schema).toMatchObject({ properties: { operation: { type: 'string', const: name } } })
  })

  it('documents every error code under exactly one status', () => {
    // Act
    const documented = Object.values(errorCodesByStatus).flat()

    // Assess
    expect([...documented].sort()).toEqual(Object.values(ErrorCode).sort())
  })

  it.each(Object.entries(requestExamples))(
    'its example %s is a request the API accepts',
    (_, example) => {
      expect(() => parseEnvelope(example.value as JsonValue)).not.toThrow()
    },
  )

  it('documents the health route and both auth schemes of a deployed API', () => {
    // Act
    const document = buildOpenApiDocument()

    // Assess
    expect(Object.keys(document.paths)).toEqual(['/Prod/DynamoDBManager', '/Prod/health'])
    expect(document.components.securitySchemes.apiKey).toMatchObject({ name: 'x-api-key' })
    expect(document.components.securitySchemes.sigv4).toMatchObject({
      'x-amazon-apigateway-authtype': 'awsSigv4',
    })
  })
})

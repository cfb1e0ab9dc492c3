import { codesByStatus, ERROR_TABLE, type ErrorStatus } from '../core/error-table.js'
import { envelopeOf } from '../core/schema/envelope.js'
import { requestExamples, resultExamples } from '../core/schema/examples.js'
import { type OperationName, operationNames } from '../core/schema/payloads.js'
import {
  BatchReadResult,
  BatchWriteResult,
  EchoResult,
  ErrorBody,
  HealthResult,
  PageResult,
  PingResult,
  ReadResult,
  TablesResult,
  WriteResult,
} from '../core/schema/results.js'

/**
 * The version of the contract the document describes (docs/api.md), not of the package:
 * it changes when a request or an answer does.
 */
const API_VERSION = '1.0.0'

/** The statuses of the API's errors, each with the codes it carries: from the error table. */
export const errorCodesByStatus = codesByStatus()

/** What each status of the error table means: a status of the table without a line here does not compile. */
const errorDescriptions: Readonly<Record<ErrorStatus, string>> = {
  400: 'The body is not JSON, or the envelope or payload is invalid, or DynamoDB refused the request (key shape, item over 400 KB, expression).',
  401: 'Missing credentials, where the deployed API uses auth.',
  403: 'Wrong credentials, or a tableName the API does not serve.',
  404: 'read of a key with no item, a table that does not exist, or an unknown path.',
  405: 'Wrong method for the path; the Allow header lists the right one.',
  409: 'A ConditionExpression was not met, or a transaction conflicted.',
  413: 'The body is over the configured limit (MAX_BODY_BYTES).',
  415: 'The Content-Type is not application/json in UTF-8.',
  429: 'Throttled by API Gateway, or by DynamoDB after the retries; wait Retry-After seconds.',
  500: 'An unexpected failure; the details are in the server log, under the requestId.',
  503: 'DynamoDB is unreachable or failing after retries; wait Retry-After seconds.',
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

const requestSchemaName = (operation: OperationName) =>
  `${operation[0]?.toUpperCase()}${operation.slice(1)}Request`

/** Each operation's answer: an operation without a line here does not compile. */
const resultOf: Readonly<Record<OperationName, string>> = {
  create: 'WriteResult',
  read: 'ReadResult',
  update: 'WriteResult',
  delete: 'WriteResult',
  list: 'PageResult',
  query: 'PageResult',
  batchRead: 'BatchReadResult',
  batchWrite: 'BatchWriteResult',
  echo: 'EchoResult',
  ping: 'PingResult',
  tables: 'TablesResult',
}

/**
 * The answers of POST /DynamoDBManager, each titled by the operations that answer it: Swagger
 * UI names a member of anyOf by its title, and otherwise only by its type ("object").
 */
function resultVariants() {
  const operationsOf = new Map<string, OperationName[]>()
  for (const operation of operationNames)
    operationsOf.set(resultOf[operation], [
      ...(operationsOf.get(resultOf[operation]) ?? []),
      operation,
    ])
  return [...operationsOf].map(([result, operations]) => ({
    ...ref(result),
    title: operations.join(', '),
  }))
}

const requestIdHeader = {
  'x-amzn-RequestId': {
    description: 'The request id, also in an error body: quote it when reporting a problem.',
    schema: { type: 'string' },
  },
}

const retryAfterHeader = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
}

function errorResponse(status: ErrorStatus) {
  const codes = errorCodesByStatus[status]
  return {
    description: `${errorDescriptions[status]} Codes: ${codes.join(', ')}.`,
    headers: {
      ...requestIdHeader,
      ...(codes.some((code) => ERROR_TABLE[code].retryAfter) ? retryAfterHeader : {}),
      ...(status === 405 ? { Allow: { schema: { type: 'string' } } } : {}),
    },
    content: {
      'application/json': {
        schema: {
          allOf: [ref('Error'), { properties: { code: { enum: [...codes] } } }],
        },
        example: {
          code: codes[0],
          message: 'What went wrong and what to change.',
          requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        },
      },
    },
  }
}

const errorResponses = (statuses: readonly ErrorStatus[]) =>
  Object.fromEntries(
    statuses.map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]),
  )

/**
 * Builds the OpenAPI 3.1 document of the API from the request and answer schemas, so that it
 * cannot drift from what the handler validates. `npm run openapi` writes it to
 * docs/openapi.json; the local gateway serves it at GET /openapi.json.
 *
 * @example
 * const document = buildOpenApiDocument()
 * document.paths['/Prod/DynamoDBManager'].post.requestBody.content['application/json'].schema
 * // → { $ref: '#/components/schemas/DynamoDBManagerRequest' }
 */
export function buildOpenApiDocument() {
  const requestSchemas = Object.fromEntries(
    operationNames.map((operation) => [requestSchemaName(operation), envelopeOf(operation)]),
  )
  const statuses = Object.keys(errorCodesByStatus).map(Number) as ErrorStatus[]
  return {
    openapi: '3.1.0',
    info: {
      title: 'DynamoDBManager API',
      version: API_VERSION,
      summary: 'One endpoint that runs DynamoDB operations on a table: the AWS serverless lab.',
      description: [
        'POST /Prod/DynamoDBManager takes {"operation", "tableName", "payload"}; payload is the',
        'DynamoDB request as the DocumentClient takes it, without TableName. Numbers keep all',
        'their digits (up to 38): read answers with a lossless JSON parser. Binary and set values',
        'are written as {"$B": base64}, {"$SS": [...]}, {"$NS": [...]}, {"$BS": [...]}; a long',
        'number may be written {"$N": "digits"}. The local gateway also answers without the',
        'stage: POST /DynamoDBManager and GET /health.',
      ].join(' '),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      { url: '/', description: 'This server (the local gateway of npm start)' },
      {
        url: 'https://{restApiId}.execute-api.{region}.amazonaws.com',
        description: 'A deployed API Gateway REST API',
        variables: {
          restApiId: { default: 'abcdef1234', description: 'The REST API id.' },
          region: { default: 'us-east-1', description: 'The AWS Region of the API.' },
        },
      },
    ],
    // No auth locally; a deployed API may take an API key or IAM (SigV4) auth.
    security: [{}, { apiKey: [] }, { sigv4: [] }],
    tags: [{ name: 'items', description: 'The DynamoDBManager operations' }, { name: 'health' }],
    paths: {
      '/Prod/DynamoDBManager': {
        post: {
          operationId: 'manage',
          tags: ['items'],
          summary:
            'Run one operation: create, read, update, delete, list, query, batchRead, batchWrite, echo or ping',
          description:
            'The operation field selects the request schema (see DynamoDBManagerRequest) and the answer: create, update and delete answer WriteResult; read ReadResult; list and query PageResult (one page: LastEvaluatedKey is the next ExclusiveStartKey); batchRead BatchReadResult and batchWrite BatchWriteResult (what was not done within the deadline is in UnprocessedKeys or UnprocessedItems); echo the payload; ping "pong". Every success is 200.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('DynamoDBManagerRequest'),
                examples: requestExamples,
              },
            },
          },
          responses: {
            '200': {
              description: 'The operation succeeded; the answer depends on the operation.',
              headers: requestIdHeader,
              content: {
                'application/json': {
                  schema: { anyOf: resultVariants() },
                  examples: resultExamples,
                },
              },
            },
            ...errorResponses(statuses.filter((status) => status !== 405)),
          },
        },
      },
      '/Prod/health': {
        get: {
          operationId: 'health',
          tags: ['health'],
          summary: 'Whether the table is reachable: what a Route 53 health check probes',
          security: [{}],
          responses: {
            '200': {
              description: 'The table is reachable.',
              headers: requestIdHeader,
              content: {
                'application/json': {
                  schema: ref('HealthResult'),
                  example: { status: 'ok' },
                },
              },
            },
            ...errorResponses([503]),
          },
        },
      },
    },
    components: {
      schemas: {
        DynamoDBManagerRequest: {
          description: 'A request: one schema per operation, chosen by the operation field.',
          // Titled by operation: Swagger UI names a member by its title, else "any" or "object".
          oneOf: operationNames.map((operation) => ({
            ...ref(requestSchemaName(operation)),
            title: operation,
          })),
          discriminator: {
            propertyName: 'operation',
            mapping: Object.fromEntries(
              operationNames.map((operation) => [
                operation,
                `#/components/schemas/${requestSchemaName(operation)}`,
              ]),
            ),
          },
        },
        ...requestSchemas,
        WriteResult,
        ReadResult,
        PageResult,
        BatchReadResult,
        BatchWriteResult,
        EchoResult,
        PingResult,
        TablesResult,
        HealthResult,
        Error: ErrorBody,
      },
      responses: Object.fromEntries(
        statuses.map((status) => [`Error${status}`, errorResponse(status)]),
      ),
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'An API Gateway API key, where the deployed API requires one.',
        },
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'AWS Signature Version 4 (service execute-api), where the deployed API uses IAM auth.',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      },
    },
  }
}

/** The document as docs/openapi.json holds it: two-space indentation, a final newline. */
export function openApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`
}

import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { ErrorCode, INTERNAL_ERROR_MESSAGE } from '../../src/core/error-table.js'
import {
  type ApiError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ThrottledError,
} from '../../src/core/errors.js'
import { createManager } from '../../src/core/manager.js'
import { BASE_HEADERS } from '../../src/core/schema/response-headers.js'
import { createHttpApi } from '../../src/http/http-api.js'
import { createLambdaHandler } from '../../src/lambda/lambda-handler.js'
import { healthProbeKey } from '../../src/service/health-probe-key.js'
import { TABLE as LAB_TABLE } from '../../src/table/definition.js'
import { call, httpApiEvent, restEvent } from '../support/events.js'
import { memoryItemStore } from '../support/memory-item-store.js'
import { recordingLog } from '../support/recording-log.js'

const TABLE = 'lambda-apigateway'
/** Small, so that a body over the limit costs nothing to build. */
const MAX_BODY_BYTES = 1_000
const JSON_TYPE = { 'content-type': 'application/json' }
/** What `call` passes as the Lambda context's request id. */
const CONTEXT_REQUEST_ID = 'context-id'

/**
 * The Lambda handler as compose-service.ts wires it (manager → HTTP API → handler), over the
 * recording store instead of a DynamoDB client.
 */
function serviceOverMemory() {
  const store = memoryItemStore()
  const log = recordingLog()
  const manager = createManager({
    store,
    tableName: TABLE,
    allowedTables: [TABLE],
    tables: [{ ...LAB_TABLE, tableName: TABLE }],
    healthProbeKey: healthProbeKey(LAB_TABLE),
    healthCacheMs: 0,
  })
  const httpApi = createHttpApi({ manager, maxBodyBytes: MAX_BODY_BYTES, log })
  const handler = createLambdaHandler({ httpApi, manager, log })
  return { store, log, handler }
}

type GatewayEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2
type EventOf = (
  method: string,
  path: string,
  body: string | null,
  headers?: Record<string, string>,
) => GatewayEvent

/** The two proxy events API Gateway sends: the REST API's (v1) and the HTTP API's (v2). */
const eventShapes: Array<[string, EventOf]> = [
  [
    'REST API (v1)',
    (method, path, body, headers = JSON_TYPE) => restEvent(method, path, body ?? '', headers),
  ],
  [
    'HTTP API (v2)',
    (method, path, body, headers = JSON_TYPE) => httpApiEvent(method, path, body, { headers }),
  ],
]

const errorEntries = (log: ReturnType<typeof recordingLog>) =>
  log.entries.filter((entry) => entry.level === 'error')

describe.each(eventShapes)('the HTTP routes, reached by %s events', (_shape, eventOf) => {
  /** POST /DynamoDBManager with this body. */
  const post = (body: string, headers?: Record<string, string>) =>
    eventOf('POST', '/DynamoDBManager', body, headers)

  describe('the two routes', () => {
    it('answers POST /DynamoDBManager with 200, the result and exactly the base headers', async () => {
      // Prepare
      const { store, handler } = serviceOverMemory()
      store.answer('getItem', { Item: { id: { S: '1' }, name: { S: 'Bob' } } })

      // Act
      const result = await call(handler, post('{"operation":"read","payload":{"Key":{"id":"1"}}}'))

      // Assess
      expect(result.status).toBe(200)
      expect(result.text).toBe('{"Item":{"id":"1","name":"Bob"}}')
      expect(result.headers).toEqual(BASE_HEADERS)
      expect(store.calls).toEqual([
        { method: 'getItem', input: expect.objectContaining({ Key: { id: { S: '1' } } }) },
      ])
    })

    it.each(['GET', 'HEAD'])(
      'answers %s /health with 200 {"status":"ok"} after a GetItem of the reserved key',
      async (method) => {
        // Prepare
        const { store, handler } = serviceOverMemory()

        // Act
        const result = await call(handler, eventOf(method, '/health', null))

        // Assess
        expect(result.status).toBe(200)
        expect(result.text).toBe('{"status":"ok"}')
        expect(result.headers).toEqual(BASE_HEADERS)
        expect(store.calls).toEqual([
          {
            method: 'getItem',
            input: expect.objectContaining({ TableName: TABLE, Key: healthProbeKey(LAB_TABLE) }),
          },
        ])
      },
    )
  })

  describe('404, 405, 415, 413, 400: refused before the store is called, and not logged', () => {
    it.each(['/nowhere', '/', '/dynamodbmanager', '/DynamoDBManager/extra', '/health/'])(
      'answers %s with 404 RouteNotFound',
      async (path) => {
        // Prepare
        const { store, log, handler } = serviceOverMemory()
        const event = eventOf('POST', path, '{"operation":"ping"}')

        // Act
        const result = await call(handler, event)

        // Assess
        expect(result.status).toBe(404)
        expect(result.json).toEqual({
          code: ErrorCode.RouteNotFound,
          message: `No route ${path}. Use POST /Prod/DynamoDBManager or GET /Prod/health.`,
          requestId: event.requestContext.requestId,
        })
        expect(result.headers).toEqual(BASE_HEADERS)
        expect(store.calls).toEqual([])
        expect(log.entries).toEqual([])
      },
    )

    it.each([
      ['GET', '/DynamoDBManager', 'POST'],
      ['PUT', '/DynamoDBManager', 'POST'],
      ['DELETE', '/DynamoDBManager', 'POST'],
      ['HEAD', '/DynamoDBManager', 'POST'],
      ['POST', '/health', 'GET, HEAD'],
      ['DELETE', '/health', 'GET, HEAD'],
    ])('answers %s %s with 405 MethodNotAllowed and Allow: %s', async (method, path, allowed) => {
      // Prepare
      const { store, log, handler } = serviceOverMemory()
      const event = eventOf(method, path, '{"operation":"ping"}')

      // Act
      const result = await call(handler, event)

      // Assess
      expect(result.status).toBe(405)
      expect(result.json).toEqual({
        code: ErrorCode.MethodNotAllowed,
        message: `${path} takes ${allowed}, not ${method}.`,
        requestId: event.requestContext.requestId,
      })
      expect(result.headers).toEqual({ ...BASE_HEADERS, Allow: allowed })
      expect(store.calls).toEqual([])
      expect(log.entries).toEqual([])
    })

    it.each([
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/json; charset=iso-8859-1',
    ])('answers a body sent as %s with 415 UnsupportedMediaType', async (contentType) => {
      // Prepare
      const { store, log, handler } = serviceOverMemory()
      const event = post('{"operation":"list"}', { 'content-type': contentType })

      // Act
      const result = await call(handler, event)

      // Assess
      expect(result.status).toBe(415)
      expect(result.json).toMatchObject({
        code: ErrorCode.UnsupportedMediaType,
        message: expect.stringContaining(`not "${contentType}"`),
        requestId: event.requestContext.requestId,
      })
      expect(result.headers).toEqual(BASE_HEADERS)
      expect(store.calls).toEqual([])
      expect(log.entries).toEqual([])
    })

    it.each<[string, Record<string, string>]>([
      ['no Content-Type', {}],
      ['application/json; charset=UTF-8', { 'content-type': 'application/json; charset=UTF-8' }],
      ['a mixed-case Content-Type header', { 'Content-Type': 'application/json' }],
    ])('reads a body sent with %s as JSON', async (_name, headers) => {
      // Prepare
      const { handler } = serviceOverMemory()

      // Act
      const result = await call(handler, post('{"operation":"ping"}', headers))

      // Assess
      expect(result).toMatchObject({ status: 200, json: 'pong' })
    })

    it.each([
      ['ASCII', 'x'],
      ['two-byte characters, counted in bytes', 'é'],
    ])(
      'answers a body one byte over the limit (%s) with 413 PayloadTooLarge',
      async (_name, filler) => {
        // Prepare
        const { store, log, handler } = serviceOverMemory()
        const envelope = (text: string) => `{"operation":"echo","payload":"${text}"}`
        const free = MAX_BODY_BYTES - Buffer.byteLength(envelope(''))
        const body = envelope(filler.repeat(Math.ceil((free + 1) / Buffer.byteLength(filler))))
        const event = post(body)

        // Act
        const result = await call(handler, event)

        // Assess
        expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES + 1)
        expect(result.status).toBe(413)
        expect(result.json).toMatchObject({
          code: ErrorCode.PayloadTooLarge,
          message: expect.stringContaining(
            `is ${MAX_BODY_BYTES + 1} bytes; the limit is ${MAX_BODY_BYTES}`,
          ),
          requestId: event.requestContext.requestId,
        })
        expect(result.headers).toEqual(BASE_HEADERS)
        expect(store.calls).toEqual([])
        expect(log.entries).toEqual([])
      },
    )

    it('answers a body of exactly the limit', async () => {
      // Prepare
      const { handler } = serviceOverMemory()
      const envelope = (text: string) => `{"operation":"echo","payload":"${text}"}`
      const text = 'x'.repeat(MAX_BODY_BYTES - Buffer.byteLength(envelope('')))

      // Act
      const result = await call(handler, post(envelope(text)))

      // Assess
      expect(Buffer.byteLength(envelope(text))).toBe(MAX_BODY_BYTES)
      expect(result).toMatchObject({ status: 200, json: text })
    })

    it.each([
      ['malformed JSON', '{"operation":', ErrorCode.InvalidJson],
      ['an empty body', '', ErrorCode.InvalidJson],
      ['JSON that is not an object', '[1]', ErrorCode.InvalidRequest],
      ['an unknown operation', '{"operation":"drop"}', ErrorCode.UnknownOperation],
      [
        'a payload key of another operation',
        '{"operation":"read","payload":{"Key":{"id":"1"},"Limit":1}}',
        ErrorCode.UnknownPayloadKey,
      ],
    ])('answers %s with 400 %s', async (_name, body, code) => {
      // Prepare
      const { store, log, handler } = serviceOverMemory()
      const event = post(body)

      // Act
      const result = await call(handler, event)

      // Assess
      expect(result.status).toBe(400)
      expect(result.json).toMatchObject({ code, requestId: event.requestContext.requestId })
      expect(result.headers).toEqual(BASE_HEADERS)
      expect(store.calls).toEqual([])
      expect(log.entries).toEqual([])
    })
  })

  describe("the manager's and the store's errors", () => {
    it('answers a table not allowed with 403 TableNotAllowed, unlogged', async () => {
      // Prepare
      const { store, log, handler } = serviceOverMemory()
      const event = post('{"operation":"list","tableName":"secrets-table"}')

      // Act
      const result = await call(handler, event)

      // Assess
      expect(result.status).toBe(403)
      expect(result.json).toMatchObject({
        code: ErrorCode.TableNotAllowed,
        requestId: event.requestContext.requestId,
      })
      expect(store.calls).toEqual([])
      expect(errorEntries(log)).toEqual([])
    })

    it('answers a read of no item with 404 ItemNotFound, unlogged', async () => {
      // Prepare
      const { store, log, handler } = serviceOverMemory()
      store.answer('getItem', {})
      const event = post('{"operation":"read","payload":{"Key":{"id":"gone"}}}')

      // Act
      const result = await call(handler, event)

      // Assess
      expect(result.status).toBe(404)
      expect(result.json).toEqual({
        code: ErrorCode.ItemNotFound,
        message: `No item with key {"id":"gone"} in table "${TABLE}".`,
        requestId: event.requestContext.requestId,
      })
      expect(errorEntries(log)).toEqual([])
    })

    it.each<[string, ApiError, number, Record<string, string>, Record<string, unknown>]>([
      [
        'a failed condition, with the current item',
        new ConflictError(ErrorCode.ConditionalCheckFailed, 'The condition failed.', {
          details: { Item: { id: '1', v: 'two' } },
        }),
        409,
        {},
        { Item: { id: '1', v: 'two' } },
      ],
      [
        'throttling',
        new ThrottledError(ErrorCode.Throttled, 'Slow down.'),
        429,
        { 'Retry-After': '1' },
        {},
      ],
      ['a missing table', new NotFoundError(ErrorCode.TableNotFound, 'No table.'), 404, {}, {}],
      ['an access refused', new ForbiddenError(ErrorCode.Forbidden, 'No.'), 403, {}, {}],
    ])(
      "answers the store's ApiError for %s with its status, headers and details, unlogged",
      async (_name, error, status, headers, details) => {
        // Prepare
        const { store, log, handler } = serviceOverMemory()
        store.fail('putItem', error)
        const event = post('{"operation":"create","payload":{"Item":{"id":"1"}}}')

        // Act
        const result = await call(handler, event)

        // Assess
        expect(result.status).toBe(status)
        expect(result.json).toEqual({
          code: error.code,
          message: error.message,
          requestId: event.requestContext.requestId,
          ...details,
        })
        expect(result.headers).toEqual({ ...BASE_HEADERS, ...headers })
        expect(errorEntries(log)).toEqual([])
      },
    )
  })

  describe('the error boundary', () => {
    it.each<[string, unknown]>([
      ['an Error', new Error('connect ECONNREFUSED 10.0.0.7:443 at /var/task/index.js:12')],
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'S')")],
      ['a thrown string', 'secret-table-arn:aws:dynamodb:eu-west-1:123456789012'],
    ])(
      'answers %s from the store with 500 InternalError, the generic message and the request id, and logs it once',
      async (_name, thrown) => {
        // Prepare
        const { store, log, handler } = serviceOverMemory()
        store.fail('scan', thrown)
        const event = post('{"operation":"list"}')
        const requestId = event.requestContext.requestId

        // Act
        const result = await call(handler, event)

        // Assess
        expect(result.status).toBe(500)
        expect(result.json).toEqual({
          code: ErrorCode.InternalError,
          message: INTERNAL_ERROR_MESSAGE,
          requestId,
        })
        expect(result.headers).toEqual(BASE_HEADERS)
        expect(result.text).not.toMatch(/ECONNREFUSED|var\/task|properties|arn:aws|secret/)
        expect(log.entries).toEqual([
          {
            level: 'error',
            message: 'request failed',
            attributes: [{ requestId, code: ErrorCode.InternalError, error: thrown }],
          },
        ])
      },
    )

    it('answers an item of a type the codec does not know with a logged 500, not a guess', async () => {
      // Prepare
      const { store, log, handler } = serviceOverMemory()
      // A type DynamoDB might add one day: the SDK passes it on as $unknown.
      store.answer('getItem', { Item: { id: { $unknown: ['V', 'x'] } } })
      const event = post('{"operation":"read","payload":{"Key":{"id":"1"}}}')

      // Act
      const result = await call(handler, event)

      // Assess
      expect(result.json).toMatchObject({
        code: ErrorCode.InternalError,
        message: INTERNAL_ERROR_MESSAGE,
      })
      expect(errorEntries(log)).toHaveLength(1)
      expect(errorEntries(log)[0]?.attributes[0]?.error).toMatchObject({
        message: expect.stringMatching(/Unsupported DynamoDB attribute type/),
      })
    })

    it('answers GET /health over an unreachable table with 503 and Retry-After, logging the cause', async () => {
      // Prepare
      const { store, log, handler } = serviceOverMemory()
      const cause = new Error('connect ECONNREFUSED 127.0.0.1:8000')
      store.fail('getItem', cause)
      const event = eventOf('GET', '/health', null)
      const requestId = event.requestContext.requestId

      // Act
      const result = await call(handler, event)

      // Assess
      expect(result.status).toBe(503)
      expect(result.json).toEqual({
        code: ErrorCode.ServiceUnavailable,
        message: `Table "${TABLE}" is not reachable.`,
        requestId,
      })
      expect(result.headers).toEqual({ ...BASE_HEADERS, 'Retry-After': '1' })
      expect(log.entries).toEqual([
        {
          level: 'error',
          message: 'request failed',
          attributes: [{ requestId, code: ErrorCode.ServiceUnavailable, error: cause }],
        },
      ])
    })
  })

  // The x-amzn-RequestId header is API Gateway's to add (and the local gateway's, which
  // stands in for it: src/local/gateway.ts); the handler puts the id in the error body, and
  // its answers carry exactly the base headers, as the tests above check.
  describe('the request id', () => {
    it("is the Lambda context's when the event carries none", async () => {
      // Prepare
      const { handler } = serviceOverMemory()
      const event = eventOf('GET', '/nowhere', null)
      const withoutId = { ...event, requestContext: { ...event.requestContext, requestId: '' } }

      // Act
      const result = await call(handler, withoutId)

      // Assess
      expect(result.json).toMatchObject({ requestId: CONTEXT_REQUEST_ID })
    })
  })
})

describe('the handler outside the HTTP routes', () => {
  it('throws a direct invocation’s unexpected failure as InternalError, logged once with its cause', async () => {
    // Prepare
    const { store, log, handler } = serviceOverMemory()
    const cause = new Error('socket hang up')
    store.fail('scan', cause)

    // Act
    const failure = handler({ operation: 'list' }, { awsRequestId: 'direct-1' })

    // Assess
    await expect(failure).rejects.toMatchObject({
      name: ErrorCode.InternalError,
      message: INTERNAL_ERROR_MESSAGE,
      statusCode: 500,
    })
    expect(log.entries).toEqual([
      {
        level: 'error',
        message: 'direct invocation failed',
        attributes: [{ requestId: 'direct-1', code: ErrorCode.InternalError, error: cause }],
      },
    ])
  })

  it('throws a direct invocation’s client error by its code, unlogged', async () => {
    // Prepare
    const { log, handler } = serviceOverMemory()

    // Act
    const failure = handler({ operation: 'list', tableName: 'secrets-table' })

    // Assess
    await expect(failure).rejects.toMatchObject({
      name: ErrorCode.TableNotAllowed,
      statusCode: 403,
    })
    expect(log.entries).toEqual([])
  })

  it('refuses an event of no known shape with a TypeError', async () => {
    const { handler } = serviceOverMemory()
    await expect(handler({ hello: 'world' })).rejects.toThrow(TypeError)
  })
})

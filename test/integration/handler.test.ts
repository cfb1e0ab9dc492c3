import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { type LosslessNumber, stringify } from 'lossless-json'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { loadServiceConfig } from '../../src/config/service-config.js'
import { INTERNAL_ERROR_MESSAGE } from '../../src/core/error-table.js'
import type { LambdaHandler } from '../../src/lambda/lambda-handler.js'
import { createLambdaHandler } from '../../src/lambda/lambda-handler.js'
import { composeService } from '../../src/service/compose-service.js'
import { closedPortUrl } from '../support/capture-server.js'
import { startTestEngine, type TestEngine } from '../support/embedded-engine.js'
import { type CallResult, call, callManager, httpApiEvent, restEvent } from '../support/events.js'
import { type RecordingLog, recordingLog } from '../support/recording-log.js'
import { startScriptedDynamoDb } from '../support/scripted-dynamodb.js'

let engine: TestEngine
let handler: LambdaHandler
let log: RecordingLog

/** The service as the Lambda entry composes it, over `endpoint`, logging to a log of its own. */
function serviceOver(endpoint: URL): { handler: LambdaHandler; log: RecordingLog } {
  const log = recordingLog()
  const env = { DYNAMODB_ENDPOINT: endpoint.href, ALLOWED_TABLES: 'lab-extra,lab-missing' }
  return { handler: createLambdaHandler(composeService(loadServiceConfig(env), { env, log })), log }
}

beforeAll(async () => {
  engine = await startTestEngine()
  await engine.createTable('lab-extra')
  const service = serviceOver(engine.endpoint)
  handler = service.handler
  log = service.log
})

afterAll(async () => {
  await engine?.stop()
})

/** The body as text with long numbers intact, for comparing digits exactly. */
const exact = (value: unknown) => stringify(value)

/** The lab's first sample: a create of item 1, Bob. */
const BOB = { operation: 'create', payload: { Item: { id: '1', name: 'Bob' } } } as const

describe("the handler against a real dynalite: the original lab's requests", () => {
  it('creates {"id":"1","name":"Bob"} and reads it back', async () => {
    // Act
    const created = await callManager(handler, {
      operation: 'create',
      tableName: 'lambda-apigateway',
      payload: { Item: { id: '1', name: 'Bob' } },
    })
    const read = await callManager(handler, {
      operation: 'read',
      tableName: 'lambda-apigateway',
      payload: { Key: { id: '1' } },
    })

    // Assess
    expect(created).toMatchObject({ status: 200, json: {} })
    expect(read).toMatchObject({ status: 200, json: { Item: { id: '1', name: 'Bob' } } })
  })

  it('creates {"id":"1234ABCD","number":5} and lists it', async () => {
    // Act
    await callManager(handler, {
      operation: 'create',
      payload: { Item: { id: '1234ABCD', number: 5 } },
    })
    const listed = await callManager(handler, {
      operation: 'list',
      tableName: 'lambda-apigateway',
      payload: {},
    })

    // Assess
    expect(listed.status).toBe(200)
    const page = listed.json as {
      Items: unknown[]
      Count: LosslessNumber
      ScannedCount: LosslessNumber
    }
    expect(exact(page.Items)).toContain('{"id":"1234ABCD","number":5}')
    expect(Number(page.Count)).toBe(page.Items.length)
  })

  it('echoes the payload as sent', async () => {
    const payload = { somekey1: 'somevalue1', somekey2: 'somevalue2' }
    expect(await callManager(handler, { operation: 'echo', payload })).toMatchObject({
      status: 200,
      json: payload,
    })
  })

  it('answers ping with "pong"', async () => {
    expect(await callManager(handler, { operation: 'ping' })).toMatchObject({
      status: 200,
      json: 'pong',
    })
  })
})

describe('every operation', () => {
  it('updates an item and returns the new attributes', async () => {
    // Prepare
    await callManager(handler, { operation: 'create', payload: { Item: { id: 'u1', count: 1 } } })

    // Act
    const updated = await callManager(handler, {
      operation: 'update',
      payload: {
        Key: { id: 'u1' },
        UpdateExpression: 'SET #c = #c + :inc, tags = :tags',
        ExpressionAttributeNames: { '#c': 'count' },
        ExpressionAttributeValues: { ':inc': 2, ':tags': { $SS: ['a', 'b'] } },
        ReturnValues: 'ALL_NEW',
      },
    })

    // Assess
    expect(updated.status).toBe(200)
    expect(exact(updated.json)).toBe(
      '{"Attributes":{"id":"u1","count":3,"tags":{"$SS":["a","b"]}}}',
    )
  })

  it('deletes an item, returning it, after which a read is a 404', async () => {
    // Prepare
    await callManager(handler, {
      operation: 'create',
      payload: { Item: { id: 'd1', v: 'gone soon' } },
    })

    // Act
    const deleted = await callManager(handler, {
      operation: 'delete',
      payload: { Key: { id: 'd1' }, ReturnValues: 'ALL_OLD' },
    })
    const read = await callManager(handler, { operation: 'read', payload: { Key: { id: 'd1' } } })

    // Assess
    expect(deleted).toMatchObject({
      status: 200,
      json: { Attributes: { id: 'd1', v: 'gone soon' } },
    })
    expect(read.status).toBe(404)
    expect(read.json).toMatchObject({
      code: 'ItemNotFound',
      message: 'No item with key {"id":"d1"} in table "lambda-apigateway".',
    })
  })

  it('queries by partition key', async () => {
    // Prepare
    await callManager(handler, { operation: 'create', payload: { Item: { id: 'q1', n: 1 } } })

    // Act
    const result = await callManager(handler, {
      operation: 'query',
      payload: { KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': 'q1' } },
    })

    // Assess
    expect(result.status).toBe(200)
    expect(exact(result.json)).toBe('{"Items":[{"id":"q1","n":1}],"Count":1,"ScannedCount":1}')
  })

  it('pages a list with Limit and LastEvaluatedKey until every item is seen once', async () => {
    // Prepare
    const ids = Array.from({ length: 7 }, (_, index) => `page-${index}`)
    for (const id of ids)
      await callManager(handler, {
        operation: 'create',
        tableName: 'lab-extra',
        payload: { Item: { id } },
      })

    // Act
    const seen: string[] = []
    let cursor: unknown
    do {
      const page = await callManager(handler, {
        operation: 'list',
        tableName: 'lab-extra',
        payload: { Limit: 3, ...(cursor ? { ExclusiveStartKey: cursor } : {}) },
      })
      expect(page.status).toBe(200)
      const body = page.json as { Items: Array<{ id: string }>; LastEvaluatedKey?: unknown }
      seen.push(...body.Items.map((item) => item.id))
      cursor = body.LastEvaluatedKey
    } while (cursor)

    // Assess
    expect(seen.sort()).toEqual(ids.sort())
  })
})

describe('nothing lost', () => {
  const longNumbers = [
    '12345678901234567890',
    '3.14159265358979323846264338327950288',
    '-98765432109876543210987654321098765432',
    '0.00000000000000000000000000000000000123',
    '1E+125',
  ]

  it('round-trips numbers of up to 38 digits through create, read, list, query and update', async () => {
    // Prepare: the envelope as text, since JSON.stringify cannot write these literals.
    const attributes = longNumbers.map((digits, index) => `"n${index}":${digits}`).join(',')

    // Act
    const created = await callManager(
      handler,
      `{"operation":"create","payload":{"Item":{"id":"lossless",${attributes}}}}`,
    )
    const read = await callManager(handler, {
      operation: 'read',
      payload: { Key: { id: 'lossless' } },
    })
    const queried = await callManager(handler, {
      operation: 'query',
      payload: {
        KeyConditionExpression: 'id = :id',
        ExpressionAttributeValues: { ':id': 'lossless' },
      },
    })
    const listed = await callManager(handler, {
      operation: 'list',
      payload: { FilterExpression: 'id = :id', ExpressionAttributeValues: { ':id': 'lossless' } },
    })
    const updated = await callManager(
      handler,
      '{"operation":"update","payload":{"Key":{"id":"lossless"},"UpdateExpression":"SET n0 = n0 + :one","ExpressionAttributeValues":{":one":1},"ReturnValues":"UPDATED_NEW"}}',
    )

    // Assess
    expect(created.status).toBe(200)
    for (const [index, digits] of longNumbers.entries()) {
      const canonical = digits === '1E+125' ? `1${'0'.repeat(125)}` : digits
      expect(read.text).toContain(`"n${index}":${canonical}`)
      expect(queried.text).toContain(`"n${index}":${canonical}`)
      expect(listed.text).toContain(`"n${index}":${canonical}`)
    }
    expect(updated.text).toBe('{"Attributes":{"n0":12345678901234567891}}')
  })

  it('reads sets, binary, null and nested lists and maps written by another client, and writes them back', async () => {
    // Prepare: written straight to the table with the SDK, as awscli or another service would.
    const item = {
      id: { S: 'other-client' },
      strings: { SS: ['a', 'b'] },
      numbers: { NS: ['1', '12345678901234567890'] },
      blobs: { BS: [new Uint8Array([0, 1, 2]), new Uint8Array([255])] },
      blob: { B: new Uint8Array([104, 105]) },
      nothing: { NULL: true },
      flag: { BOOL: false },
      nested: { L: [{ M: { deep: { L: [{ N: '1.50' }, { S: '' }, { SS: ['x'] }] } } }] },
      tricky: { M: { $SS: { S: 'a map, not a set' } } },
    }
    await engine.client.send(new PutItemCommand({ TableName: 'lambda-apigateway', Item: item }))

    // Act
    const read = await callManager(handler, {
      operation: 'read',
      payload: { Key: { id: 'other-client' } },
    })
    const rewritten = `{"operation":"create","payload":{"Item":${read.text.slice('{"Item":'.length, -1).replace('"other-client"', '"other-client-copy"')}}}`
    const written = await callManager(handler, rewritten)
    const copy = await engine.client.send(
      new GetItemCommand({
        TableName: 'lambda-apigateway',
        Key: { id: { S: 'other-client-copy' } },
      }),
    )

    // Assess
    expect(read.status).toBe(200)
    expect(read.text).toContain('"strings":{"$SS":["a","b"]}')
    expect(read.text).toContain('"numbers":{"$NS":[1,12345678901234567890]}')
    expect(read.text).toContain('"blobs":{"$BS":["AAEC","/w=="]}')
    expect(read.text).toContain('"blob":{"$B":"aGk="}')
    expect(read.text).toContain('"nothing":null')
    expect(read.text).toContain('"nested":[{"deep":[1.5,"",{"$SS":["x"]}]}]')
    expect(read.text).toContain('"tricky":{"$M":{"$SS":"a map, not a set"}}')
    expect(written.status).toBe(200)
    expect({ ...copy.Item, id: item.id }).toEqual({
      ...item,
      nested: { L: [{ M: { deep: { L: [{ N: '1.5' }, { S: '' }, { SS: ['x'] }] } } }] },
    })
  })
})

/** A 5xx as a client sees it: its code, a fixed message, the request id, and nothing else. */
function expectGenericAnswer(result: CallResult, status: number, code: string, message: string) {
  expect(result.status).toBe(status)
  // Exactly these three members: no stack, no SDK error name, message or metadata.
  expect(result.json).toEqual({ code, message, requestId: expect.stringMatching(/^test-request-/) })
  expect(result.text).not.toMatch(/at .*\.(ts|js):\d+|\$metadata|\$fault/)
}

/** The failure's cause, in the log once, at error level, under the id the client was given. */
function expectCauseLogged(log: RecordingLog, result: CallResult, cause: RegExp) {
  const { requestId } = result.json as { requestId: string }
  const errors = log.entries.filter((entry) => entry.level === 'error')
  expect(errors).toHaveLength(1)
  expect(errors[0]?.attributes[0]).toMatchObject({
    requestId,
    code: (result.json as { code: string }).code,
  })
  // The cause with its own properties (name, message, stack), as a JSON log line shows them.
  const error = errors[0]?.attributes[0]?.error
  expect(JSON.stringify(error, Object.getOwnPropertyNames(error ?? {}))).toMatch(cause)
}

describe('errors, each with its status, a stable code and the request id', () => {
  // The failed condition below needs an item with id 1, whichever tests ran before.
  beforeAll(async () => {
    const seeded = await callManager(handler, BOB)
    expect(seeded.status).toBe(200)
  })

  it.each([
    ['malformed JSON', '{"operation":', 400, 'InvalidJson'],
    ['an unknown operation', { operation: 'drop' }, 400, 'UnknownOperation'],
    [
      'an unknown payload key',
      { operation: 'read', payload: { Key: { id: '1' }, Limit: 1 } },
      400,
      'UnknownPayloadKey',
    ],
    ['a missing payload key', { operation: 'create', payload: {} }, 400, 'InvalidRequest'],
    [
      'a key of the wrong type',
      { operation: 'create', payload: { Item: { id: 1 } } },
      400,
      'ValidationError',
    ],
    [
      'a key missing from the item',
      { operation: 'create', payload: { Item: { name: 'no id' } } },
      400,
      'ValidationError',
    ],
    [
      'an item over 400 KB',
      { operation: 'create', payload: { Item: { id: 'big', blob: 'x'.repeat(410_000) } } },
      400,
      'ValidationError',
    ],
    [
      'an invalid expression',
      { operation: 'update', payload: { Key: { id: '1' }, UpdateExpression: 'SET = oops' } },
      400,
      'ValidationError',
    ],
    [
      'a missing expression value',
      { operation: 'update', payload: { Key: { id: '1' }, UpdateExpression: 'SET a = :a' } },
      400,
      'ValidationError',
    ],
    [
      'a table not allowed',
      { operation: 'list', tableName: 'secrets-table' },
      403,
      'TableNotAllowed',
    ],
    [
      'an allowed table that does not exist',
      { operation: 'list', tableName: 'lab-missing' },
      404,
      'TableNotFound',
    ],
    [
      'a failed condition',
      {
        operation: 'create',
        payload: { Item: { id: '1' }, ConditionExpression: 'attribute_not_exists(id)' },
      },
      409,
      'ConditionalCheckFailed',
    ],
  ])('%s → $2 $3', async (_name, envelope, status, code) => {
    // Act
    const logged = log.entries.length
    const result = await callManager(handler, envelope)

    // Assess
    expect(result.status).toBe(status)
    expect(result.json).toMatchObject({ code, requestId: expect.stringMatching(/^test-request-/) })
    expect((result.json as { message: string }).message.length).toBeGreaterThan(10)
    expect(result.text).not.toMatch(/at .*\.(ts|js):\d+|\$metadata|\$fault/)
    // A client's mistake is not the operators' concern: nothing at error level.
    expect(log.entries.slice(logged).filter((entry) => entry.level === 'error')).toEqual([])
  })

  it('→ 415 for a form body, as curl -d sends by default', async () => {
    const event = restEvent('POST', '/DynamoDBManager', '{"operation":"ping"}', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(await call(handler, event)).toMatchObject({
      status: 415,
      json: { code: 'UnsupportedMediaType' },
    })
  })

  it('→ 413 for a body over MAX_BODY_BYTES', async () => {
    const body = JSON.stringify({ operation: 'echo', payload: 'x'.repeat(1_100_000) })
    expect(await callManager(handler, body)).toMatchObject({
      status: 413,
      json: { code: 'PayloadTooLarge' },
    })
  })

  it('→ 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const unknown = await call(handler, restEvent('GET', '/nowhere'))
    const wrongMethod = await call(handler, restEvent('GET', '/DynamoDBManager'))
    expect(unknown).toMatchObject({ status: 404, json: { code: 'RouteNotFound' } })
    expect(wrongMethod).toMatchObject({
      status: 405,
      json: { code: 'MethodNotAllowed' },
      headers: { Allow: 'POST' },
    })
  })

  it("keeps the server's log free of 4xx noise and the client free of 5xx details", async () => {
    // Prepare: one service over dynalite, for the client's mistakes; one over a DynamoDB that
    // refuses its credentials and one over an endpoint where nothing listens, for the server's
    // failures.
    const healthy = serviceOver(engine.endpoint)
    const refusing = await startScriptedDynamoDb(400, 'AccessDeniedException')
    onTestFinished(() => refusing.stop())
    const denied = serviceOver(refusing.endpoint)
    const unreachable = serviceOver(await closedPortUrl())
    const read = { operation: 'read', payload: { Key: { id: '1' } } }

    // Act: a mistake of every kind, the ones DynamoDB finds included, then two real failures.
    const mistakes = await Promise.all([
      callManager(healthy.handler, '{"operation":'),
      callManager(healthy.handler, { operation: 'drop' }),
      callManager(healthy.handler, {
        operation: 'update',
        payload: { Key: { id: '1' }, UpdateExpression: 'SET = oops' },
      }),
      callManager(healthy.handler, { operation: 'list', tableName: 'secrets-table' }),
      callManager(healthy.handler, {
        operation: 'read',
        payload: { Key: { id: 'never-written' } },
      }),
      callManager(healthy.handler, { operation: 'list', tableName: 'lab-missing' }),
      call(healthy.handler, restEvent('GET', '/nowhere')),
      call(healthy.handler, restEvent('GET', '/DynamoDBManager')),
      callManager(healthy.handler, {
        operation: 'delete',
        payload: { Key: { id: 'never-written' }, ConditionExpression: 'attribute_exists(id)' },
      }),
      callManager(healthy.handler, { operation: 'echo', payload: 'x'.repeat(1_100_000) }),
      call(
        healthy.handler,
        restEvent('POST', '/DynamoDBManager', '{"operation":"ping"}', {
          'content-type': 'application/x-www-form-urlencoded',
        }),
      ),
    ])
    const internal = await callManager(denied.handler, read)
    const unavailable = await callManager(unreachable.handler, read)

    // Assess: each mistake is answered, and none reaches the log as an error.
    expect(mistakes.map((mistake) => mistake.status)).toEqual([
      400, 400, 400, 403, 404, 404, 404, 405, 409, 413, 415,
    ])
    expect(healthy.log.entries.filter((entry) => entry.level === 'error')).toEqual([])
    // Each failure: the generic answer and the request id, no internals; the cause in the log,
    // under that request id.
    expectGenericAnswer(internal, 500, 'InternalError', INTERNAL_ERROR_MESSAGE)
    expectGenericAnswer(
      unavailable,
      503,
      'ServiceUnavailable',
      'The database is unavailable right now; retry after a pause.',
    )
    expect(internal.text).not.toMatch(/AccessDenied|scripted/)
    expect(unavailable.text).not.toMatch(/ECONNREFUSED|connect|127\.0\.0\.1/)
    expectCauseLogged(
      denied.log,
      internal,
      /AccessDeniedException[\s\S]*scripted AccessDeniedException/,
    )
    expectCauseLogged(unreachable.log, unavailable, /ECONNREFUSED/)
  })
})

describe('the other event shapes', () => {
  it('serves an HTTP API (v2) event', async () => {
    // Prepare
    await callManager(handler, BOB)

    // Act
    const event = httpApiEvent(
      'POST',
      '/DynamoDBManager',
      '{"operation":"read","payload":{"Key":{"id":"1"}}}',
    )
    const result = await call(handler, event)

    // Assess
    expect(result).toMatchObject({
      status: 200,
      json: { Item: { id: '1', name: 'Bob' } },
    })
  })

  it('answers a direct invocation with the result itself, long numbers as {"$N"}', async () => {
    // Prepare
    await callManager(
      handler,
      '{"operation":"create","payload":{"Item":{"id":"direct","big":12345678901234567890,"small":5}}}',
    )

    // Act
    const result = await handler({ operation: 'read', payload: { Key: { id: 'direct' } } })

    // Assess
    expect(result).toEqual({
      Item: { id: 'direct', big: { $N: '12345678901234567890' }, small: 5 },
    })
  })

  it('throws on a failed direct invocation, with the error code as its type', async () => {
    await expect(handler({ operation: 'nope' })).rejects.toMatchObject({
      name: 'UnknownOperation',
      message: expect.stringMatching(/Unknown operation "nope"/),
    })
  })

  it('serves GET /Prod/health', async () => {
    expect(await call(handler, restEvent('GET', '/health'))).toMatchObject({
      status: 200,
      json: { status: 'ok' },
    })
  })
})

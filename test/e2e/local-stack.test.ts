import { createServer } from 'node:net'
import { DeleteTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { afterTest } from '../support/after-test.js'
import { sdkClient } from '../support/embedded-engine.js'
import { freePort } from '../support/free-port.js'
import {
  type LocalStackProcess,
  postManager,
  request,
  spawnLocalStack,
  startLocalStackProcess,
  temporaryDataDir,
} from '../support/local-stack-process.js'

describe('npm start, as a user runs it', () => {
  let stack: LocalStackProcess
  let data: Awaited<ReturnType<typeof temporaryDataDir>>

  beforeAll(async () => {
    data = await temporaryDataDir()
    stack = await startLocalStackProcess({ via: 'npm', env: { DATA_DIR: data.path } })
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
    await data?.remove()
  })

  it('prints the URL and a ready-to-paste curl', () => {
    expect(stack.output()).toMatch(/API\s+POST http:\/\/127\.0\.0\.1:\d+\/Prod\/DynamoDBManager/)
    expect(stack.output()).toMatch(
      /curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/Prod\/DynamoDBManager/,
    )
    expect(stack.output()).toMatch(/-H 'Content-Type: application\/json'/)
  })

  it('prints an AWS CLI line that AWS CLI v1 and v2 both take the region from', () => {
    // AWS CLI v1 ignores AWS_REGION ("You must specify a region"); both read AWS_DEFAULT_REGION.
    const awsLine = /^ {2}AWS_ACCESS_KEY_ID=[^\n]*\n {4}aws dynamodb scan [^\n]*$/m.exec(
      stack.output(),
    )
    expect(awsLine?.[0]).toContain('AWS_DEFAULT_REGION=us-east-1')
    expect(awsLine?.[0]).not.toMatch(/\bAWS_REGION=/)
  })

  it("serves the original lab's sample requests", async () => {
    // Act
    const createBob = await postManager(stack.url, {
      operation: 'create',
      tableName: 'lambda-apigateway',
      payload: { Item: { id: '1', name: 'Bob' } },
    })
    const readBob = await postManager(stack.url, {
      operation: 'read',
      tableName: 'lambda-apigateway',
      payload: { Key: { id: '1' } },
    })
    const createNumber = await postManager(stack.url, {
      operation: 'create',
      tableName: 'lambda-apigateway',
      payload: { Item: { id: '1234ABCD', number: 5 } },
    })
    const list = await postManager(stack.url, {
      operation: 'list',
      tableName: 'lambda-apigateway',
      payload: {},
    })
    const echo = await postManager(stack.url, {
      operation: 'echo',
      payload: { somekey1: 'somevalue1', somekey2: 'somevalue2' },
    })
    const ping = await postManager(stack.url, { operation: 'ping' })

    // Assess
    expect(createBob).toMatchObject({ status: 200, json: {} })
    expect(readBob).toMatchObject({ status: 200, json: { Item: { id: '1', name: 'Bob' } } })
    expect(createNumber).toMatchObject({ status: 200, json: {} })
    expect(list).toMatchObject({ status: 200, json: { Count: 2, ScannedCount: 2 } })
    expect((list.json as { Items: unknown[] }).Items).toEqual(
      expect.arrayContaining([
        { id: '1', name: 'Bob' },
        { id: '1234ABCD', number: 5 },
      ]),
    )
    expect(echo).toMatchObject({
      status: 200,
      json: { somekey1: 'somevalue1', somekey2: 'somevalue2' },
    })
    expect(ping).toMatchObject({ status: 200, json: 'pong' })
  })

  it("exposes the engine's own endpoint: a scan there shows what the API wrote", async () => {
    // Prepare: what `aws dynamodb scan --endpoint-url` does, through the SDK.
    const client = new DynamoDBClient({
      endpoint: stack.dynamoDbEndpoint.href,
      region: 'us-east-1',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
    })
    afterTest(() => client.destroy())

    // Act
    const scan = await client.send(new ScanCommand({ TableName: 'lambda-apigateway' }))

    // Assess
    expect(scan.Items).toEqual(expect.arrayContaining([{ id: { S: '1' }, name: { S: 'Bob' } }]))
  })

  it('answers on every route of docs/api.md, with and without the stage', async () => {
    // Act
    const results = await Promise.all([
      request(new URL('/health', stack.url)),
      request(new URL('/Prod/health', stack.url)),
      postManager(stack.url, { operation: 'ping' }, { path: '/DynamoDBManager' }),
    ])

    // Assess
    expect(results.map((result) => [result.status, result.json])).toEqual([
      [200, { status: 'ok' }],
      [200, { status: 'ok' }],
      [200, 'pong'],
    ])
    expect(results[0]?.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('updates, queries and deletes, as the API reference shows', async () => {
    // Act
    const updated = await postManager(stack.url, {
      operation: 'update',
      payload: {
        Key: { id: '1' },
        UpdateExpression: 'SET #n = :n, visits = if_not_exists(visits, :zero) + :one',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':n': 'Alice', ':zero': 0, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      },
    })
    const queried = await postManager(stack.url, {
      operation: 'query',
      payload: { KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': '1' } },
    })
    const deleted = await postManager(stack.url, {
      operation: 'delete',
      payload: { Key: { id: '1' }, ReturnValues: 'ALL_OLD' },
    })
    const gone = await postManager(stack.url, { operation: 'read', payload: { Key: { id: '1' } } })

    // Assess
    expect(updated).toMatchObject({
      status: 200,
      json: { Attributes: { id: '1', name: 'Alice', visits: 1 } },
    })
    expect(queried).toMatchObject({
      status: 200,
      json: { Count: 1, Items: [{ id: '1', name: 'Alice', visits: 1 }] },
    })
    expect(deleted).toMatchObject({
      status: 200,
      json: { Attributes: { id: '1', name: 'Alice', visits: 1 } },
    })
    expect(gone).toMatchObject({ status: 404, json: { code: 'ItemNotFound' } })
  })

  it('stops within a second on SIGTERM to the npm process alone, as a process manager sends it', async () => {
    // Act: the signal goes to npm only, not to its process group.
    const pid = stack.child.pid ?? 0
    const signalledAt = performance.now()
    process.kill(pid, 'SIGTERM')
    await stack.exited
    const stoppedAfter = performance.now() - signalledAt
    const after = await request(new URL('/health', stack.url)).catch((error: Error) => error)

    // Assess: the stack printed its clean stop (it exits 1 past its 900 ms deadline), npm
    // exited within the second, and nothing serves on its port any more.
    console.log(`npm start stopped ${Math.round(stoppedAfter)} ms after SIGTERM`)
    expect(stack.output()).toContain('SIGTERM: stopping')
    expect(stack.output()).toContain('Stopped cleanly')
    expect(stoppedAfter).toBeLessThanOrEqual(1000)
    expect(after).toBeInstanceOf(Error)
  })
})

describe('Ctrl+C', () => {
  it('stops npm start cleanly on SIGINT to its process group', async () => {
    // Prepare
    const data = await temporaryDataDir()
    afterTest(() => data.remove())
    const stack = await startLocalStackProcess({ via: 'npm', env: { DATA_DIR: data.path } })
    afterTest(() => stack.stop('SIGKILL'))
    await postManager(stack.url, { operation: 'create', payload: { Item: { id: 'kept' } } })

    // Act
    await stack.stop('SIGINT')
    const again = await startLocalStackProcess({ env: { DATA_DIR: data.path } })
    afterTest(() => again.stop('SIGKILL'))
    const read = await postManager(again.url, {
      operation: 'read',
      payload: { Key: { id: 'kept' } },
    })

    // Assess
    expect(stack.output()).toContain('SIGINT: stopping')
    expect(stack.output()).toContain('Stopped cleanly')
    expect(read.status).toBe(200)
  })
})

describe('every status code of docs/api.md, over HTTP', () => {
  let stack: LocalStackProcess

  beforeAll(async () => {
    stack = await startLocalStackProcess({
      env: { MAX_BODY_BYTES: '65536', ALLOWED_TABLES: 'deleted' },
    })
    await postManager(stack.url, { operation: 'create', payload: { Item: { id: 'taken' } } })
    // The stack creates every table it serves: this one is deleted behind its back.
    const engine = sdkClient(stack.dynamoDbEndpoint)
    await engine.send(new DeleteTableCommand({ TableName: 'deleted' }))
    engine.destroy()
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
  })

  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const cases: Array<[string, number, string, () => Promise<{ status: number; json: unknown }>]> = [
    ['malformed JSON', 400, 'InvalidJson', () => postManager(stack.url, '{"operation":')],
    [
      'duplicate keys',
      400,
      'InvalidJson',
      () => postManager(stack.url, '{"operation":"ping","operation":"echo"}'),
    ],
    [
      'invalid UTF-8',
      400,
      'InvalidJson',
      () => postManager(stack.url, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])),
    ],
    [
      'an unknown operation',
      400,
      'UnknownOperation',
      () => postManager(stack.url, { operation: 'truncate' }),
    ],
    [
      'an unknown payload key',
      400,
      'UnknownPayloadKey',
      () =>
        postManager(stack.url, {
          operation: 'create',
          payload: { Item: { id: 'x' }, TableName: 't' },
        }),
    ],
    [
      'a missing payload key',
      400,
      'InvalidRequest',
      () => postManager(stack.url, { operation: 'read', payload: {} }),
    ],
    [
      'a key of the wrong type',
      400,
      'ValidationError',
      () => postManager(stack.url, { operation: 'read', payload: { Key: { id: 7 } } }),
    ],
    [
      'an invalid expression',
      400,
      'ValidationError',
      () => postManager(stack.url, { operation: 'list', payload: { FilterExpression: 'a ==' } }),
    ],
    [
      'a table not allowed',
      403,
      'TableNotAllowed',
      () =>
        postManager(stack.url, {
          operation: 'read',
          tableName: 'other',
          payload: { Key: { id: '1' } },
        }),
    ],
    [
      'a key that does not exist',
      404,
      'ItemNotFound',
      () => postManager(stack.url, { operation: 'read', payload: { Key: { id: 'nope' } } }),
    ],
    [
      'an allowed table that does not exist',
      404,
      'TableNotFound',
      () => postManager(stack.url, { operation: 'list', tableName: 'deleted' }),
    ],
    [
      'an unknown path',
      404,
      'RouteNotFound',
      () => request(new URL('/Prod/Elsewhere', stack.url), { method: 'POST' }),
    ],
    [
      'a wrong method',
      405,
      'MethodNotAllowed',
      () => request(new URL('/Prod/DynamoDBManager', stack.url), { method: 'DELETE' }),
    ],
    [
      'a failed condition',
      409,
      'ConditionalCheckFailed',
      () =>
        postManager(stack.url, {
          operation: 'create',
          payload: { Item: { id: 'taken' }, ConditionExpression: 'attribute_not_exists(id)' },
        }),
    ],
    [
      'a body over MAX_BODY_BYTES',
      413,
      'PayloadTooLarge',
      () => postManager(stack.url, { operation: 'echo', payload: 'x'.repeat(70_000) }),
    ],
    [
      'a form content type',
      415,
      'UnsupportedMediaType',
      () => postManager(stack.url, { operation: 'ping' }, { headers: form }),
    ],
  ]

  it.each(cases)('%s → %i %s, and the server keeps serving', async (_name, status, code, send) => {
    // Act
    const result = await send()
    const after = await postManager(stack.url, { operation: 'ping' })

    // Assess
    expect(result.status).toBe(status)
    expect(result.json).toMatchObject({
      code,
      message: expect.any(String),
      requestId: expect.any(String),
    })
    expect(after.status).toBe(200)
  })
})

describe('nothing lost over HTTP', () => {
  let stack: LocalStackProcess

  beforeAll(async () => {
    stack = await startLocalStackProcess()
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
  })

  it('keeps 38-digit numbers and typed values, byte for byte', async () => {
    // Prepare
    const item =
      '{"id":"exact","big":12345678901234567890,"pi":3.14159265358979323846264338327950288,"set":{"$NS":[1,99999999999999999999999999999999999999]},"bin":{"$B":"AAECAw=="},"nil":null}'

    // Act
    const created = await postManager(
      stack.url,
      `{"operation":"create","payload":{"Item":${item}}}`,
    )
    const read = await postManager(
      stack.url,
      '{"operation":"read","payload":{"Key":{"id":"exact"}}}',
    )

    // Assess
    expect(created.status).toBe(200)
    expect(read.text).toBe(`{"Item":${item}}`)
  })
})

describe('data on disk', () => {
  it('finds every item again after a restart on the same data folder', async () => {
    // Prepare
    const data = await temporaryDataDir()
    afterTest(() => data.remove())
    const first = await startLocalStackProcess({ env: { DATA_DIR: data.path } })
    afterTest(() => first.stop('SIGKILL'))
    const ids = Array.from({ length: 50 }, (_, index) => `kept-${index}`)
    for (const id of ids) {
      const created = await postManager(
        first.url,
        `{"operation":"create","payload":{"Item":{"id":"${id}","n":12345678901234567890}}}`,
      )
      expect(created.status).toBe(200)
    }
    expect((await first.stop('SIGTERM')).code).toBe(0)

    // Act
    const second = await startLocalStackProcess({ env: { DATA_DIR: data.path } })
    afterTest(() => second.stop('SIGKILL'))
    const reads = await Promise.all(
      ids.map((id) => postManager(second.url, { operation: 'read', payload: { Key: { id } } })),
    )

    // Assess
    for (const [index, read] of reads.entries()) {
      expect(read.text).toBe(`{"Item":{"id":"kept-${index}","n":12345678901234567890}}`)
    }
  })

  it('refuses a second start on a data folder in use, at once and saying so', async () => {
    // Prepare
    const data = await temporaryDataDir()
    afterTest(() => data.remove())
    const first = await startLocalStackProcess({ env: { DATA_DIR: data.path } })
    afterTest(() => first.stop('SIGKILL'))

    // Act
    const second = spawnLocalStack({ env: { DATA_DIR: data.path } })
    afterTest(() => second.stop('SIGKILL'))
    const exit = await second.exited
    const stillServing = await postManager(first.url, { operation: 'ping' })

    // Assess: refused over a setting, as a malformed one is (docs/configuration.md#exit-status).
    expect(exit.code).toBe(2)
    expect(second.output()).toMatch(/DATA_DIR ".*" is in use by another process/)
    expect(stillServing.status).toBe(200)
  })
})

describe('configuration', () => {
  it.each([
    ['PORT', 'eighty'],
    ['DYNAMODB_PORT', '99999'],
    ['MAX_BODY_BYTES', '1MB'],
    ['DYNAMODB_ENDPOINT', 'not a url'],
    ['TABLE_NAME', 'no spaces allowed'],
    ['POWERTOOLS_LOG_LEVEL', 'LOUD'],
  ])('a malformed %s (%s) stops start-up with a message naming it', async (variable, value) => {
    // Act
    const started = spawnLocalStack({ env: { [variable]: value } })
    afterTest(() => started.stop('SIGKILL'))
    const exit = await started.exited

    // Assess
    expect(exit.code).toBe(2)
    expect(started.output()).toContain(`Configuration error: ${variable}:`)
  })

  it.each([
    ['PORT', ['PORT']],
    ['DYNAMODB_PORT', ['DYNAMODB_PORT']],
    ['both', ['PORT', 'DYNAMODB_PORT']],
  ])(
    'a taken port (%s) stops start-up with exit 2, naming every one taken',
    async (_name, taken) => {
      // Prepare: a listener on each port that must be found taken.
      const ports = { PORT: await freePort(), DYNAMODB_PORT: await freePort() }
      for (const variable of taken) {
        const listener = createServer()
        await new Promise<void>((resolve) =>
          listener.listen(ports[variable as keyof typeof ports], '127.0.0.1', resolve),
        )
        afterTest(() => new Promise((resolve) => listener.close(resolve)))
      }

      // Act
      const started = spawnLocalStack({
        env: { PORT: String(ports.PORT), DYNAMODB_PORT: String(ports.DYNAMODB_PORT) },
      })
      afterTest(() => started.stop('SIGKILL'))
      const exit = await started.exited

      // Assess: one line, each taken port named with its variable, and no other.
      const lines = started.output().trim().split('\n')
      expect(exit.code).toBe(2)
      expect(lines).toHaveLength(1)
      for (const variable of ['PORT', 'DYNAMODB_PORT']) {
        const named = new RegExp(
          `(^| )${variable} ${ports[variable as keyof typeof ports]} on 127\\.0\\.0\\.1`,
        )
        expect(lines[0]).toMatch(
          taken.includes(variable) ? named : new RegExp(`^(?!.*${named.source})`),
        )
      }
    },
  )

  it('uses DYNAMODB_ENDPOINT instead of the embedded engine', async () => {
    // Prepare: a first stack's engine stands in for DynamoDB Local or Alternator.
    const engineHost = await startLocalStackProcess()
    afterTest(() => engineHost.stop('SIGKILL'))

    // Act
    const stack = await startLocalStackProcess({
      env: { DYNAMODB_ENDPOINT: engineHost.dynamoDbEndpoint.href },
    })
    afterTest(() => stack.stop('SIGKILL'))
    await postManager(stack.url, { operation: 'create', payload: { Item: { id: 'via-endpoint' } } })
    const seenByTheOther = await postManager(engineHost.url, {
      operation: 'read',
      payload: { Key: { id: 'via-endpoint' } },
    })

    // Assess
    expect(stack.output()).toMatch(/DYNAMODB_ENDPOINT/)
    expect(seenByTheOther).toMatchObject({ status: 200, json: { Item: { id: 'via-endpoint' } } })
  })
})

describe('when DYNAMODB_ENDPOINT does not answer', () => {
  it('starts anyway, answers 503 with Retry-After, and recovers by itself when the endpoint comes up', async () => {
    // Prepare: a port nothing listens on, for now.
    const port = await freePort()
    // HEALTH_CACHE_MS=0: the health answer before the endpoint is up must not be the one after.
    const stack = await startLocalStackProcess({
      env: { DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`, HEALTH_CACHE_MS: '0' },
    })
    afterTest(() => stack.stop('SIGKILL'))

    // Act
    const health = await request(new URL('/Prod/health', stack.url))
    const read = await postManager(stack.url, { operation: 'read', payload: { Key: { id: '1' } } })
    const engine = await startLocalStackProcess({ env: { DYNAMODB_PORT: String(port) } })
    afterTest(() => engine.stop('SIGKILL'))
    let recovered: number | undefined
    for (let attempt = 0; attempt < 100 && recovered === undefined; attempt += 1) {
      const created = await postManager(stack.url, {
        operation: 'create',
        payload: { Item: { id: 'after' } },
      })
      if (created.status === 200) recovered = attempt
      else await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const healthAfter = await request(new URL('/Prod/health', stack.url))

    // Assess
    expect(stack.output()).toMatch(/does not answer yet: requests get 503/)
    expect(health).toMatchObject({ status: 503, json: { code: 'ServiceUnavailable' } })
    expect(read).toMatchObject({ status: 503, json: { code: 'ServiceUnavailable' } })
    expect(read.headers.get('retry-after')).toBe('1')
    expect(recovered).toBeDefined()
    expect(healthAfter.status).toBe(200)
  })
})

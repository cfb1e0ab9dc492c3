import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Sha256 } from '@aws-crypto/sha256-js'
import { SignatureV4 } from '@smithy/signature-v4'
import { LosslessNumber } from 'lossless-json'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiKeyAuth,
  createClient,
  DynamoDBManagerError,
  endpointUrl,
  type PageResult,
  sigV4Auth,
} from '../../src/client/index.js'
import { afterTest } from '../support/after-test.js'
import {
  type CaptureServer,
  closedPortUrl,
  parseAmzDate,
  startCaptureServer,
  startSilentServer,
} from '../support/capture-server.js'
import { type LocalStackProcess, startLocalStackProcess } from '../support/local-stack-process.js'

/** What a call throws, for assertions on the error. */
async function failureOf(promise: Promise<unknown>): Promise<DynamoDBManagerError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof DynamoDBManagerError))
    throw new Error(`expected a DynamoDBManagerError, got ${error}`)
  return error
}

describe('the typed client, against the local stack', () => {
  let stack: LocalStackProcess
  let client: ReturnType<typeof createClient>

  beforeAll(async () => {
    stack = await startLocalStackProcess()
    client = createClient({ url: stack.url })
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
  })

  it('creates, reads, updates and deletes an item', async () => {
    // Act
    const created = await client.create({ Item: { id: 'crud', name: 'Bob' } })
    const read = await client.read({ Key: { id: 'crud' } })
    const updated = await client.update({
      Key: { id: 'crud' },
      UpdateExpression: 'SET #n = :n',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':n': 'Alice' },
      ReturnValues: 'ALL_NEW',
    })
    const deleted = await client.delete({ Key: { id: 'crud' }, ReturnValues: 'ALL_OLD' })
    const gone = await failureOf(client.read({ Key: { id: 'crud' } }))

    // Assess
    expect(created).toEqual({})
    expect(read).toEqual({ Item: { id: 'crud', name: 'Bob' } })
    expect(updated).toEqual({ Attributes: { id: 'crud', name: 'Alice' } })
    expect(deleted).toEqual({ Attributes: { id: 'crud', name: 'Alice' } })
    expect(gone).toMatchObject({ status: 404, code: 'ItemNotFound', isClientError: true })
  })

  it('keeps every digit of numbers written as bigint or LosslessNumber', async () => {
    // Prepare
    const big = 12345678901234567890n
    const pi = new LosslessNumber('3.14159265358979323846264338327950288')

    // Act
    await client.create({ Item: { id: 'digits', big, pi, list: [big, 1.5] } })
    const { Item } = await client.read({ Key: { id: 'digits' } })

    // Assess
    expect(String(Item.big)).toBe('12345678901234567890')
    expect(Item.big).toBeInstanceOf(LosslessNumber)
    expect(String(Item.pi)).toBe('3.14159265358979323846264338327950288')
    expect(Item.list).toEqual([new LosslessNumber('12345678901234567890'), 1.5])
  })

  it('writes with batchWrite and reads back with batchRead, digits kept, a 400 for a duplicate', async () => {
    // Prepare
    const big = 12345678901234567890n
    const client = createClient({ url: stack.url, tableName: 'lambda-apigateway' })

    // Act
    const written = await client.batchWrite({
      RequestItems: {
        'lambda-apigateway': [
          { PutRequest: { Item: { id: 'batch-1', big } } },
          { PutRequest: { Item: { id: 'batch-2', name: 'Eve' } } },
        ],
      },
    })
    const read = await client.batchRead({
      RequestItems: { 'lambda-apigateway': { Keys: [{ id: 'batch-1' }, { id: 'batch-none' }] } },
    })
    const duplicate = await failureOf(
      client.batchRead({
        RequestItems: { 'lambda-apigateway': { Keys: [{ id: 'batch-1' }, { id: 'batch-1' }] } },
      }),
    )

    // Assess
    expect(written).toEqual({ UnprocessedItems: {} })
    expect(read).toEqual({
      Responses: { 'lambda-apigateway': [{ id: 'batch-1', big: new LosslessNumber(String(big)) }] },
      UnprocessedKeys: {},
    })
    expect(duplicate).toMatchObject({ status: 400, code: 'InvalidRequest' })
    expect(duplicate.message).toMatch(/Keys\[1\] names the same item as/)
  })

  it('reads every page with listPages, following LastEvaluatedKey', async () => {
    // Prepare
    const ids = Array.from({ length: 7 }, (_, index) => `page-${index}`)
    await Promise.all(ids.map((id) => client.create({ Item: { id } })))

    // Act
    const pages: PageResult[] = []
    for await (const page of client.listPages({
      Limit: 3,
      FilterExpression: 'begins_with(id, :p)',
      ExpressionAttributeValues: { ':p': 'page-' },
    })) {
      pages.push(page)
    }

    // Assess
    expect(pages.length).toBeGreaterThan(2)
    expect(pages.slice(0, -1).every((page) => page.LastEvaluatedKey !== undefined)).toBe(true)
    expect(pages.at(-1)?.LastEvaluatedKey).toBeUndefined()
    expect(pages.flatMap((page) => page.Items.map((item) => item.id)).sort()).toEqual(ids)
  })

  it('queries by key, one page and all pages', async () => {
    // Prepare
    await client.create({ Item: { id: 'queried', n: 1 } })

    // Act
    const page = await client.query({
      KeyConditionExpression: 'id = :id',
      ExpressionAttributeValues: { ':id': 'queried' },
    })
    const all = []
    for await (const each of client.queryPages({
      KeyConditionExpression: 'id = :id',
      ExpressionAttributeValues: { ':id': 'queried' },
    })) {
      all.push(...each.Items)
    }

    // Assess
    expect(page).toEqual({ Items: [{ id: 'queried', n: 1 }], Count: 1, ScannedCount: 1 })
    expect(all).toEqual(page.Items)
  })

  it('echoes, pings and checks health', async () => {
    expect(await client.echo({ a: [1, 'b'] })).toEqual({ a: [1, 'b'] })
    expect(await client.ping()).toBe('pong')
    expect(await client.health()).toEqual({ status: 'ok' })
  })

  it.each([
    {
      call: () => client.create({ Item: { id: 'x' }, Nope: 1 } as never),
      status: 400,
      code: 'UnknownPayloadKey',
    },
    {
      call: () => client.list({}, { tableName: 'not-allowed' }),
      status: 403,
      code: 'TableNotAllowed',
    },
    {
      call: () =>
        client.delete({ Key: { id: 'never-there' }, ConditionExpression: 'attribute_exists(id)' }),
      status: 409,
      code: 'ConditionalCheckFailed',
    },
  ])('throws the API error $code ($status) with its request id', async ({ call, status, code }) => {
    // Act
    const error = await failureOf(call())

    // Assess
    expect(error).toMatchObject({ status, code, name: 'DynamoDBManagerError' })
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(error.message.length).toBeGreaterThan(10)
  })

  it('accepts the endpoint, the stage or the origin as its URL', () => {
    const endpoint = new URL('/Prod/DynamoDBManager', stack.url).href
    expect(endpointUrl(stack.url).href).toBe(endpoint)
    expect(endpointUrl(new URL('/Prod', stack.url)).href).toBe(endpoint)
    expect(endpointUrl(endpoint).href).toBe(endpoint)
  })
})

describe('the typed client, in failure and against a deployed API', () => {
  let capture: CaptureServer
  let awsFiles: string

  beforeAll(async () => {
    capture = await startCaptureServer()
    awsFiles = await mkdtemp(join(tmpdir(), 'serverless-lab-aws-'))
  })

  afterAll(async () => {
    await capture?.close()
    await rm(awsFiles, { recursive: true, force: true })
  })

  it('reports an unreachable API as a NetworkError, a server-side failure', async () => {
    // Prepare
    const client = createClient({ url: await closedPortUrl() })

    // Act
    const error = await failureOf(client.ping())

    // Assess
    expect(error).toMatchObject({ status: 0, code: 'NetworkError', isServerError: true })
    expect(error.message).toMatch(/Could not reach http:\/\/127\.0\.0\.1:\d+/)
  })

  it('fails a call not answered within timeoutMs as a NetworkError, a server-side failure', async () => {
    // Prepare
    const silent = await startSilentServer()
    afterTest(() => silent.close())
    const client = createClient({ url: silent.url, timeoutMs: 200 })

    // Act
    const error = await failureOf(client.ping())

    // Assess
    expect(error).toMatchObject({ status: 0, code: 'NetworkError', isServerError: true })
    expect(error.message).toMatch(
      /^No answer from http:\/\/127\.0\.0\.1:\d+ within 0\.2 s; the request may still have been run\.$/,
    )
    expect(silent.requests).toHaveLength(1)
  })

  it("rejects with the caller's own reason when its signal aborts before the timeout", async () => {
    // Prepare
    const silent = await startSilentServer()
    afterTest(() => silent.close())
    const client = createClient({ url: silent.url, timeoutMs: 60_000 })
    const controller = new AbortController()
    const reason = new Error('the user cancelled')

    // Act
    const call = client.ping({ signal: controller.signal })
    setTimeout(() => controller.abort(reason), 50)
    const error = await call.then(
      () => undefined,
      (thrown: unknown) => thrown,
    )

    // Assess
    expect(error).toBe(reason)
  })

  it('refuses a timeoutMs that is not a positive number of milliseconds', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => createClient({ url: 'http://127.0.0.1:3000', timeoutMs })).toThrow(
        /timeoutMs must be a positive number of milliseconds/,
      )
  })

  it('names the codeless errors API Gateway answers itself', async () => {
    // Prepare
    const gateway = await startCaptureServer({
      status: 403,
      body: '{"message":"Forbidden"}',
      headers: { 'x-amzn-RequestId': 'apigw-request' },
    })
    afterTest(() => gateway.close())
    const client = createClient({ url: gateway.url })

    // Act
    const error = await failureOf(client.ping())

    // Assess
    expect(error).toMatchObject({
      status: 403,
      code: 'Forbidden',
      message: 'Forbidden',
      requestId: 'apigw-request',
    })
  })

  it('throws at once on a throttle whose Retry-After is longer than it waits by itself (a quota)', async () => {
    // Prepare: API Gateway's answer to a spent usage-plan quota.
    const gateway = await startCaptureServer({
      status: 429,
      body: '{"code":"Throttled","message":"Limit Exceeded","requestId":"q-1"}',
      headers: { 'Retry-After': '86400' },
    })
    afterTest(() => gateway.close())
    const client = createClient({ url: gateway.url })

    // Act
    const started = performance.now()
    const error = await failureOf(client.ping())
    const waited = performance.now() - started

    // Assess
    expect(error).toMatchObject({ status: 429, code: 'Throttled', retryAfterSeconds: 86400 })
    expect(gateway.requests).toHaveLength(1)
    expect(waited).toBeLessThan(5000)
  })

  it('sends batchRead and batchWrite without tableName, even from a client that has one', async () => {
    // Prepare: the batches name their tables in RequestItems; a tableName would be a 400.
    const client = createClient({ url: capture.url, tableName: 'lambda-apigateway' })
    const writes = {
      RequestItems: {
        orders: [
          { PutRequest: { Item: { pk: 'c#1', sk: 'o#1', total: 12345678901234567890n } } },
          { DeleteRequest: { Key: { pk: 'c#1', sk: 'o#2' } } },
        ],
      },
    }

    // Act
    await client.batchWrite(writes)
    const written = JSON.parse(capture.requests.at(-1)?.body ?? '{}')
    await client.batchRead({ RequestItems: { orders: { Keys: [{ pk: 'c#1', sk: 'o#1' }] } } })
    const read = JSON.parse(capture.requests.at(-1)?.body ?? '{}')

    // Assess
    expect(written).toEqual({
      operation: 'batchWrite',
      payload: {
        RequestItems: {
          orders: [
            { PutRequest: { Item: { pk: 'c#1', sk: 'o#1', total: 12345678901234567000 } } },
            { DeleteRequest: { Key: { pk: 'c#1', sk: 'o#2' } } },
          ],
        },
      },
    })
    expect(capture.requests.at(-2)?.body).toContain('"total":12345678901234567890')
    expect(read).toEqual({
      operation: 'batchRead',
      payload: { RequestItems: { orders: { Keys: [{ pk: 'c#1', sk: 'o#1' }] } } },
    })
  })

  it('sends an API key in x-api-key', async () => {
    // Prepare
    const client = createClient({ url: capture.url, signer: apiKeyAuth('secret-key') })

    // Act
    await client.ping()

    // Assess
    expect(capture.requests.at(-1)?.headers['x-api-key']).toBe('secret-key')
  })

  it('signs with SigV4 for execute-api: the signature holds for what was received', async () => {
    // Prepare
    const credentials = {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    }
    const client = createClient({
      url: capture.url,
      signer: sigV4Auth({ region: 'eu-west-1', credentials }),
    })

    // Act
    await client.create({ Item: { id: '1', n: 12345678901234567890n } })

    // Assess: sign what the server received again, at the same instant, and compare.
    const received = capture.requests.at(-1)
    if (received === undefined) throw new Error('no request received')
    const authorization = String(received.headers.authorization)
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=\S*host\S*, Signature=[0-9a-f]{64}$/,
    )
    expect(received.headers['x-amz-security-token']).toBe('token')
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? []
    const amzDate = String(received.headers['x-amz-date'])
    const resigned = await new SignatureV4({
      service: 'execute-api',
      region: 'eu-west-1',
      credentials,
      sha256: Sha256,
    }).sign(
      {
        method: received.method,
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: received.path,
        headers: Object.fromEntries(
          signedHeaders.map((name) => [name, String(received.headers[name])]),
        ),
        body: received.body,
      },
      {
        signingDate: parseAmzDate(amzDate),
      },
    )
    expect(resigned.headers.authorization).toBe(authorization)
    expect(received.body).toContain('12345678901234567890')
  })

  it('takes credentials from a profile through the AWS SDK credential chain', async () => {
    // Prepare
    const credentialsFile = join(awsFiles, 'credentials')
    await writeFile(
      credentialsFile,
      '[lab]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = secret\n',
    )
    const saved = { ...process.env }
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile
    process.env.AWS_CONFIG_FILE = join(awsFiles, 'config')
    const client = createClient({
      url: capture.url,
      signer: sigV4Auth({ region: 'us-east-1', profile: 'lab' }),
    })

    // Act
    try {
      await client.ping()
    } finally {
      process.env = saved
    }

    // Assess
    expect(capture.requests.at(-1)?.headers.authorization).toMatch(
      /Credential=AKIDFROMPROFILE\/\d{8}\/us-east-1\/execute-api\/aws4_request/,
    )
  })
})

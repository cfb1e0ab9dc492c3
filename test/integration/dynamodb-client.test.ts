import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { loadServiceConfig } from '../../src/config/service-config.js'
import { DynamoDbClient } from '../../src/dynamodb/client.js'
import {
  attemptTimeoutMs,
  createDynamoDbClient,
  regionalEndpoint,
} from '../../src/dynamodb/create-client.js'
import { environmentCredentials } from '../../src/dynamodb/environment-credentials.js'
import { TABLE } from '../../src/table/definition.js'
import { parseAmzDate, startCaptureServer } from '../support/capture-server.js'
import { startTestEngine, type TestEngine } from '../support/embedded-engine.js'
import { redirectConnections } from '../support/redirected-connections.js'
import { startScriptedDynamoDb } from '../support/scripted-dynamodb.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

function clientFor(endpoint: URL, maxAttempts = 3): DynamoDbClient {
  return new DynamoDbClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts,
    attemptTimeoutMs: 1000,
  })
}

const bytes = (...values: number[]) => Uint8Array.from(values)

/** An item with a binary at every depth the wire format must convert. */
const item = {
  id: { S: 'binaries' },
  b: { B: bytes(0, 1, 254, 255) },
  bs: { BS: [bytes(1), bytes(2, 3)] },
  m: {
    M: { inner: { B: bytes(7) }, list: { L: [{ B: bytes(8, 9) }, { N: '12345678901234567890' }] } },
  },
}

describe('DynamoDbClient against a real engine (dynalite)', () => {
  let engine: TestEngine
  let client: DynamoDbClient
  beforeAll(async () => {
    engine = await startTestEngine()
    client = clientFor(engine.endpoint)
  })
  afterAll(async () => {
    client?.destroy()
    await engine?.stop()
  })

  it('writes binaries as the SDK reads them, and reads what the SDK wrote, byte for byte', async () => {
    // Act: ours writes, the SDK reads; the SDK writes, ours reads.
    await client.send('PutItem', { TableName: TABLE.tableName, Item: item })
    const bySdk = await engine.client.send(
      new GetItemCommand({ TableName: TABLE.tableName, Key: { id: { S: 'binaries' } } }),
    )
    await engine.client.send(
      new PutItemCommand({ TableName: TABLE.tableName, Item: { ...item, id: { S: 'by-sdk' } } }),
    )
    const byUs = await client.send('GetItem', {
      TableName: TABLE.tableName,
      Key: { id: { S: 'by-sdk' } },
    })

    // Assess
    const expected = {
      b: { B: bytes(0, 1, 254, 255) },
      bs: { BS: [bytes(1), bytes(2, 3)] },
      m: {
        M: {
          inner: { B: bytes(7) },
          list: { L: [{ B: bytes(8, 9) }, { N: '12345678901234567890' }] },
        },
      },
    }
    // Bytes as arrays of numbers, whether Buffer or Uint8Array (JSON.stringify tells them apart).
    const asPlainBytes = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value, function (this: Record<string, unknown>, key, plain) {
          const original = this[key]
          return original instanceof Uint8Array ? [...original] : plain
        }),
      )
    expect(asPlainBytes(bySdk.Item)).toEqual(asPlainBytes({ ...expected, id: { S: 'binaries' } }))
    expect(asPlainBytes(byUs.Item)).toEqual(asPlainBytes({ ...expected, id: { S: 'by-sdk' } }))
    expect(byUs.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 })
  })

  it('pages a scan with LastEvaluatedKey, as DynamoDB answers it', async () => {
    // Act
    const first = await client.send('Scan', { TableName: TABLE.tableName, Limit: 1 })
    const second = await client.send('Scan', {
      TableName: TABLE.tableName,
      Limit: 1,
      ExclusiveStartKey: first.LastEvaluatedKey,
    })

    // Assess
    expect(first.Items).toHaveLength(1)
    expect(second.Items?.[0]?.id).not.toEqual(first.Items?.[0]?.id)
  })
})

describe('DynamoDbClient on the wire', () => {
  /** A server that answers every request so, and a client of it; both closed after the test. */
  async function answering(status: number, body: string, headers: Record<string, string> = {}) {
    const server = await startCaptureServer({ status, body, headers })
    onTestFinished(() => server.close())
    const client = clientFor(server.url)
    onTestFinished(() => client.destroy())
    return { server, client }
  }

  it('sends a SigV4-signed POST naming the operation, with DynamoDB JSON', async () => {
    // Prepare
    const { server, client } = await answering(200, '{"Item":{"id":{"S":"1"}}}')

    // Act
    const output = await client.send('GetItem', { TableName: 't', Key: { id: { S: '1' } } })

    // Assess
    expect(output.Item).toEqual({ id: { S: '1' } })
    const [request] = server.requests
    expect(request).toMatchObject({
      method: 'POST',
      path: '/',
      body: '{"TableName":"t","Key":{"id":{"S":"1"}}}',
      headers: {
        'x-amz-target': 'DynamoDB_20120810.GetItem',
        'content-type': 'application/x-amz-json-1.0',
      },
    })
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
    )
  })

  it('throws a failed condition as the SDK does: named, client fault, the current item decoded', async () => {
    // Prepare: what DynamoDB answers with ReturnValuesOnConditionCheckFailure ALL_OLD
    // (dynalite does not implement it).
    const { server, client } = await answering(
      400,
      JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
        Item: { id: { S: '1' }, b: { B: 'AAH+/w==' }, bs: { BS: ['AQ=='] } },
      }),
    )

    // Act
    const failure = await client.send('PutItem', { TableName: 't', Item: {} }).catch((e) => e)

    // Assess: not retried; the item's binaries are bytes, as the SDK gives them.
    expect(server.requests).toHaveLength(1)
    expect(failure).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
      Item: {
        id: { S: '1' },
        b: { B: Buffer.from([0, 1, 254, 255]) },
        bs: { BS: [Buffer.from([1])] },
      },
    })
  })

  it('retries an answer that is not DynamoDB JSON (a proxy 502) up to the attempts allowed', async () => {
    // Prepare
    const { server, client } = await answering(502, '<html>Bad Gateway</html>')

    // Act
    const failure = await client.send('GetItem', { TableName: 't', Key: {} }).catch((e) => e)

    // Assess
    expect(server.requests).toHaveLength(3)
    expect(failure).toMatchObject({
      name: 'HTTP502',
      $fault: 'server',
      $metadata: { httpStatusCode: 502, attempts: 3 },
    })
  })

  it('does not retry a client mistake, and keeps DynamoDB message for it', async () => {
    // Prepare
    const { server, client } = await answering(
      400,
      '{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"bad key"}',
    )

    // Act
    const failure = await client.send('GetItem', { TableName: 't', Key: {} }).catch((e) => e)

    // Assess
    expect(server.requests).toHaveLength(1)
    expect(failure).toMatchObject({ name: 'ValidationException', message: 'bad key' })
  })

  it("corrects its clock from DynamoDB's Date when a signature is refused for skew, and retries", async () => {
    // Prepare: DynamoDB's clock is an hour ahead of this machine's.
    const serverTime = new Date(Date.now() + 60 * 60 * 1000)
    const { server, client } = await answering(
      400,
      '{"__type":"com.amazonaws.dynamodb.v20120810#InvalidSignatureException","message":"Signature expired"}',
      { date: serverTime.toUTCString() },
    )

    // Act
    await client.send('GetItem', { TableName: 't', Key: {} }).catch(() => undefined)

    // Assess: the second attempt is signed with DynamoDB's time, not this machine's.
    const signedAt = (index: number) => {
      return parseAmzDate(String(server.requests[index]?.headers['x-amz-date'])).getTime()
    }
    expect(server.requests.length).toBeGreaterThanOrEqual(2)
    expect(Math.abs(signedAt(0) - Date.now())).toBeLessThan(60_000)
    expect(Math.abs(signedAt(1) - serverTime.getTime())).toBeLessThan(60_000)
  })
})

describe('createDynamoDbClient: what the client built from the service config decides', () => {
  /** Credentials the entry file would choose (the environment's, the SDK chain…). */
  const given = async () => ({ accessKeyId: 'AKIDGIVEN', secretAccessKey: 'secret' })

  it.each([
    // The deadline over 3 attempts: each hangs and is cut off at its third.
    { deadlineMs: 3000, attempts: 3, shareMs: 1000, hung: 3, sent: 3, last: 'TimeoutError' },
    // The longest deadline over the most attempts: the first is cut off at its tenth, and the
    // second, answered at once, ends the call (ten hung attempts would take 28 s).
    {
      deadlineMs: 28_000,
      attempts: 10,
      shareMs: 2800,
      hung: 1,
      sent: 2,
      last: 'ValidationException',
    },
    // A tenth of the shortest deadline would be 10 ms: too short to connect, so 100 ms.
    { deadlineMs: 100, attempts: 10, shareMs: 100, hung: 3, sent: 4, last: 'ValidationException' },
  ])(
    'gives each attempt its share of DYNAMODB_TIMEOUT_MS: $deadlineMs ms over $attempts attempts → $shareMs ms each',
    async ({ deadlineMs, attempts, shareMs, hung, sent, last }) => {
      // Prepare: a DynamoDB that answers none of the first `hung` requests, then refuses.
      const dynamodb = await startScriptedDynamoDb(400, 'ValidationException', { hangFirst: hung })
      onTestFinished(() => dynamodb.stop())
      const env = {
        DYNAMODB_ENDPOINT: dynamodb.endpoint.href,
        DYNAMODB_TIMEOUT_MS: String(deadlineMs),
        DYNAMODB_MAX_ATTEMPTS: String(attempts),
      }
      const config = loadServiceConfig(env)
      const client = createDynamoDbClient(config, env, given)
      onTestFinished(() => client.destroy())

      // Act
      const failure = await client.send('GetItem', { TableName: 't', Key: {} }).catch((e) => e)

      // Assess: the share is exactly the deadline over the attempts (at least 100 ms), and
      // each hung attempt was abandoned by the client after it. The server sees a request a
      // little after the client armed its timer, hence the 50 ms below it.
      expect(attemptTimeoutMs(config)).toBe(shareMs)
      expect(dynamodb.received).toHaveLength(sent)
      expect(failure).toMatchObject({ name: last, $metadata: { attempts: sent } })
      // The last connection's close may reach the server just after the call has failed.
      await expect
        .poll(() => dynamodb.exchanges.filter((each) => each.abandonedAt !== undefined).length)
        .toBe(hung)
      const cutOffAfter = dynamodb.exchanges
        .slice(0, hung)
        .map(({ arrivedAt, abandonedAt }) => (abandonedAt ?? Number.NaN) - arrivedAt)
      for (const waited of cutOffAfter) {
        expect(waited).toBeGreaterThanOrEqual(shareMs - 50)
        expect(waited).toBeLessThan(shareMs + 500)
      }
    },
  )

  it.each([
    ['an engine on 127.0.0.1', 'http://127.0.0.1:8000', {}, 'local'],
    ['an engine on localhost', 'http://localhost:8000', {}, 'local'],
    ['an engine on ::1', 'http://[::1]:8000', {}, 'local'],
    [
      'an engine on 127.0.0.1 when AWS_ACCESS_KEY_ID is set',
      'http://127.0.0.1:8000',
      { AWS_ACCESS_KEY_ID: 'AKIDENV' },
      'AKIDGIVEN',
    ],
    ['an endpoint on another machine', 'http://dynamodb.example.test:8000', {}, 'AKIDGIVEN'],
  ])('signs for %s with the credentials of $3', async (_where, endpoint, extra, signer) => {
    // Prepare: every connection goes to a capture server on this machine, whatever its host.
    const capture = await startCaptureServer({ status: 200, body: '{}' })
    onTestFinished(() => capture.close())
    const { wanted } = redirectConnections(capture.url)
    const env = { DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'eu-west-1', ...extra }
    const client = createDynamoDbClient(loadServiceConfig(env), env, given)
    onTestFinished(() => client.destroy())

    // Act
    await client.send('GetItem', { TableName: 't', Key: {} })

    // Assess
    const url = new URL(endpoint)
    expect(wanted).toEqual([
      { protocol: 'http:', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: 8000 },
    ])
    expect(capture.requests[0]?.headers.host).toBe(url.host)
    expect(capture.requests[0]?.headers.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${signer}/\\d{8}/eu-west-1/dynamodb/aws4_request`),
    )
  })

  it("calls the region's DynamoDB over HTTPS when DYNAMODB_ENDPOINT names none", async () => {
    // Prepare
    const capture = await startCaptureServer({ status: 200, body: '{}' })
    onTestFinished(() => capture.close())
    const { wanted } = redirectConnections(capture.url)
    const env = { AWS_REGION: 'eu-central-2' }
    const client = createDynamoDbClient(loadServiceConfig(env), env, given)
    onTestFinished(() => client.destroy())

    // Act
    await client.send('GetItem', { TableName: 't', Key: {} })

    // Assess: signed for the region, with the credentials given.
    expect(wanted).toEqual([
      { protocol: 'https:', host: 'dynamodb.eu-central-2.amazonaws.com', port: 443 },
    ])
    expect(capture.requests[0]?.headers.host).toBe('dynamodb.eu-central-2.amazonaws.com')
    expect(capture.requests[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDGIVEN\/\d{8}\/eu-central-2\/dynamodb\/aws4_request/,
    )
  })
})

describe('regionalEndpoint', () => {
  it.each([
    ['us-east-1', 'https://dynamodb.us-east-1.amazonaws.com/'],
    ['eu-central-2', 'https://dynamodb.eu-central-2.amazonaws.com/'],
    ['cn-north-1', 'https://dynamodb.cn-north-1.amazonaws.com.cn/'],
    ['us-gov-west-1', 'https://dynamodb.us-gov-west-1.amazonaws.com/'],
  ])('%s → %s', (region, endpoint) => {
    expect(regionalEndpoint(region).href).toBe(endpoint)
  })
})

describe('environmentCredentials', () => {
  it("reads the role's credentials Lambda puts in the environment, on every call", async () => {
    // Prepare
    const env: Record<string, string> = {
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    }
    const credentials = environmentCredentials(env)

    // Act
    const first = await credentials()
    env.AWS_SESSION_TOKEN = 'renewed'
    const second = await credentials()

    // Assess
    expect(first).toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    })
    expect(second.sessionToken).toBe('renewed')
  })

  it('says which variables are missing when there are none', async () => {
    await expect(environmentCredentials({})()).rejects.toMatchObject({
      name: 'CredentialsProviderError',
      message: expect.stringMatching(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/),
    })
  })
})

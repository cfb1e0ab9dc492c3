import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { TABLE } from '../../src/table/definition.js'
import { startTestEngine, type TestEngine } from '../support/embedded-engine.js'
import { restEvent } from '../support/events.js'
import { type FunctionBundle, synthesizeFunctionBundle } from '../support/function-bundle.js'
import { startScriptedDynamoDb } from '../support/scripted-dynamodb.js'
import { type SegmentDocument, startXRayDaemon, type XRayDaemon } from '../support/xray-daemon.js'

const run = promisify(execFile)

/**
 * Loads the bundle as Lambda's runtime does and invokes it once per event, in one process:
 * the first invocation is the cold start.
 */
const DRIVER = `
import { createRequire } from 'node:module'
const { handler } = createRequire(import.meta.url)('./index.js')
const results = []
const headers = JSON.parse(process.argv[3] ?? '[]')
for (const [index, event] of JSON.parse(process.argv[2]).entries()) {
  // Lambda sets each invocation's trace header before invoking the handler.
  if (headers[index]) process.env._X_AMZN_TRACE_ID = headers[index]
  results.push(await handler(event, { awsRequestId: 'lambda-' + index }))
}
process.stdout.write('\\n' + JSON.stringify({ results }))
`

/** A trace header as Lambda gives each invocation of a function with active tracing. */
function traceHeader(): { traceId: string; parentId: string; header: string } {
  const seconds = Math.floor(Date.now() / 1000).toString(16)
  const traceId = `1-${seconds}-${randomBytes(12).toString('hex')}`
  const parentId = randomBytes(8).toString('hex')
  return { traceId, parentId, header: `Root=${traceId};Parent=${parentId};Sampled=1` }
}

/** A request through API Gateway (REST), as the API's clients send it. */
const viaApi = (body: unknown) => restEvent('POST', '/DynamoDBManager', JSON.stringify(body))
const ping = { operation: 'ping' }
const read = viaApi({ operation: 'read', payload: { Key: { id: 'traced' } } })
const create = viaApi({ operation: 'create', payload: { Item: { id: 'traced', n: 1 } } })

describe('the function bundle, traced', () => {
  let engine: TestEngine
  let bundle: FunctionBundle
  let daemon: XRayDaemon

  beforeAll(async () => {
    engine = await startTestEngine()
    daemon = await startXRayDaemon()
    bundle = synthesizeFunctionBundle()
    writeFileSync(join(bundle.dir, 'driver.mjs'), DRIVER)
  }, 60_000)

  afterAll(async () => {
    await engine?.stop()
    await daemon?.stop()
    bundle?.remove()
  })

  /** The environment Lambda gives a function (FACTS.md), active tracing on. */
  function lambdaEnvironment(endpoint: URL, traceId: string): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: bundle.dir,
      _HANDLER: 'index.handler',
      AWS_LAMBDA_FUNCTION_NAME: 'LambdaFunctionOverHttps',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      // Powertools reads a cold start only from an on-demand environment's first invocation.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'test',
      _X_AMZN_TRACE_ID: traceId,
      AWS_XRAY_DAEMON_ADDRESS: daemon.address,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      TABLE_NAME: TABLE.tableName,
      DYNAMODB_ENDPOINT: endpoint.href,
      // Room for three attempts with the backoff for throttling (up to about 1.5 s).
      DYNAMODB_TIMEOUT_MS: '5000',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    }
  }

  /**
   * Invokes the bundle in a fresh process, once per event; returns its answers and the
   * traces' documents. The first invocation gets the environment's trace header, the later
   * ones `laterHeaders` (unchanged when absent).
   */
  async function invoke(
    events: unknown[],
    {
      endpoint = engine.endpoint,
      env = {} as NodeJS.ProcessEnv,
      laterHeaders = [] as string[],
    } = {},
  ): Promise<{ results: unknown[]; documents: SegmentDocument[] }> {
    const { traceId, header } = traceHeader()
    const headers = JSON.stringify(['', ...laterHeaders])
    const { stdout } = await run(
      process.execPath,
      ['driver.mjs', JSON.stringify(events), headers],
      {
        cwd: bundle.dir,
        env: { ...lambdaEnvironment(endpoint, header), ...env },
      },
    )
    const { results } = JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as {
      results: unknown[]
    }
    // The last datagram may still be in the socket's buffer when the process has ended.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const traceIds = [traceId, ...laterHeaders.map((each) => each.split(/[=;]/)[1])]
    return {
      results,
      documents: daemon.documents.filter((each) => traceIds.includes(each.trace_id)),
    }
  }

  const dynamoDbCalls = (documents: SegmentDocument[]) =>
    documents.filter((each) => each.name === 'DynamoDB')

  it('records a read as DynamoDB subsegment of the invocation, which carries the annotations', async () => {
    // Prepare
    await invoke([create])

    // Act
    const { results, documents } = await invoke([read, ping])

    // Assess: the read answered, and the trace holds the two invocations and the call.
    expect(results).toMatchObject([
      { statusCode: 200, body: expect.stringContaining('"traced"') },
      'pong',
    ])
    expect(daemon.malformed).toEqual([])
    const invocations = documents.filter((each) => each.name === '## index.handler')
    expect(invocations.map((each) => each.annotations)).toEqual([
      { ColdStart: true, Service: 'serverless-lab', Operation: 'read' },
      { ColdStart: false, Service: 'serverless-lab', Operation: 'ping' },
    ])
    // Sent as X-Ray takes an independent subsegment of Lambda's segment, the call nested in it.
    expect(invocations[0]).toMatchObject({
      type: 'subsegment',
      parent_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      subsegments: [expect.objectContaining({ name: 'DynamoDB' })],
    })
    const [call, ...others] = dynamoDbCalls(documents)
    expect(others).toEqual([])
    expect(call).toMatchObject({
      namespace: 'aws',
      parent_id: invocations[0]?.id,
      aws: {
        operation: 'GetItem',
        table_name: TABLE.tableName,
        region: 'eu-west-1',
        retries: 0,
        request_id: expect.stringMatching(/\S/),
      },
      http: { response: { status: 200 } },
    })
    expect(call).not.toHaveProperty('error')
    expect(call).not.toHaveProperty('fault')
    expect(call).not.toHaveProperty('throttle')
    expect(call?.end_time).toBeGreaterThanOrEqual(call?.start_time ?? Number.NaN)
    expect(call?.start_time).toBeGreaterThanOrEqual(invocations[0]?.start_time ?? Number.NaN)
    expect(call?.end_time).toBeLessThanOrEqual(invocations[0]?.end_time ?? Number.NaN)
  })

  it('records the retries of a write throttled twice, then accepted', async () => {
    // Prepare
    const dynamodb = await startScriptedDynamoDb(400, 'ProvisionedThroughputExceededException', {
      failFirst: 2,
    })
    onTestFinished(() => dynamodb.stop())

    // Act
    const { results, documents } = await invoke([create], { endpoint: dynamodb.endpoint })

    // Assess: one call of three attempts, accepted in the end: no flag.
    expect(results[0]).toMatchObject({ statusCode: 200 })
    expect(dynamodb.received).toHaveLength(3)
    const [call, ...others] = dynamoDbCalls(documents)
    expect(others).toEqual([])
    expect(call).toMatchObject({
      aws: { operation: 'PutItem', retries: 2, request_id: 'scripted' },
      http: { response: { status: 200 } },
    })
    expect(call).not.toHaveProperty('throttle')
  })

  it('flags a write throttled on every attempt as throttled, with the exception as cause', async () => {
    // Prepare
    const dynamodb = await startScriptedDynamoDb(400, 'ProvisionedThroughputExceededException')
    onTestFinished(() => dynamodb.stop())

    // Act
    const { results, documents } = await invoke([create], { endpoint: dynamodb.endpoint })

    // Assess: a 4xx, so an error and not a fault; throttled. The invocation answered 429.
    expect(results[0]).toMatchObject({ statusCode: 429 })
    expect(documents.find((each) => each.name === '## index.handler')).toMatchObject({
      error: true,
      annotations: { Operation: 'create' },
    })
    const [call] = dynamoDbCalls(documents)
    expect(call).toMatchObject({
      aws: { operation: 'PutItem', retries: 2 },
      http: { response: { status: 400 } },
      error: true,
      throttle: true,
      cause: { exceptions: [{ type: 'ProvisionedThroughputExceededException' }] },
    })
    expect(call).not.toHaveProperty('fault')
  })

  it('flags a DynamoDB that answers 500 as a fault', async () => {
    // Prepare
    const dynamodb = await startScriptedDynamoDb(500, 'InternalServerError')
    onTestFinished(() => dynamodb.stop())

    // Act
    const { results, documents } = await invoke([read], { endpoint: dynamodb.endpoint })

    // Assess
    expect(results[0]).toMatchObject({ statusCode: 503 })
    const [call] = dynamoDbCalls(documents)
    expect(call).toMatchObject({
      aws: { operation: 'GetItem', retries: 2 },
      http: { response: { status: 500 } },
      fault: true,
      cause: { exceptions: [{ type: 'InternalServerError' }] },
    })
    expect(call).not.toHaveProperty('error')
    expect(call).not.toHaveProperty('throttle')
  })

  it('flags a read of a table that does not exist as a client error, not retried', async () => {
    // Act
    const { documents } = await invoke([read], { env: { TABLE_NAME: 'no-such-table' } })

    // Assess
    const [call] = dynamoDbCalls(documents)
    expect(call).toMatchObject({
      aws: { operation: 'GetItem', table_name: 'no-such-table', retries: 0 },
      http: { response: { status: 400 } },
      error: true,
      cause: { exceptions: [{ type: 'ResourceNotFoundException' }] },
    })
    expect(call).not.toHaveProperty('fault')
  })

  it.each<[string, NodeJS.ProcessEnv]>([
    ["the function's tracing setting is off", { POWERTOOLS_TRACE_ENABLED: 'false' }],
    ['Lambda gives no daemon address', { AWS_XRAY_DAEMON_ADDRESS: '' }],
    [
      'the process is not on Lambda (the local stack)',
      { AWS_EXECUTION_ENV: '', LAMBDA_TASK_ROOT: '' },
    ],
  ])('sends nothing when %s', async (_, env) => {
    // Prepare
    const before = daemon.documents.length

    // Act
    const { results } = await invoke([read, ping], { env })

    // Assess
    expect(results).toMatchObject([{ statusCode: 200 }, 'pong'])
    expect(daemon.documents.length).toBe(before)
  })

  it('takes the first invocation for the cold start even when it was not sampled', async () => {
    // Prepare: a first invocation not sampled, then a sampled one.
    const unsampled = `Root=${traceHeader().traceId};Parent=${'b'.repeat(16)};Sampled=0`
    const sampled = traceHeader().header

    // Act
    const { documents } = await invoke([ping, ping], {
      env: { _X_AMZN_TRACE_ID: unsampled },
      laterHeaders: [sampled],
    })

    // Assess: only the second was recorded, and not as a cold start.
    expect(documents.map((each) => [each.name, each.annotations?.ColdStart])).toEqual([
      ['## index.handler', false],
    ])
  })

  it('sends nothing for an invocation Lambda did not sample', async () => {
    // Prepare
    const before = daemon.documents.length

    // Act
    const { results } = await invoke([read], {
      env: { _X_AMZN_TRACE_ID: `Root=${traceHeader().traceId};Parent=${'a'.repeat(16)};Sampled=0` },
    })

    // Assess
    expect(results[0]).toMatchObject({ statusCode: 200 })
    expect(daemon.documents.length).toBe(before)
  })
})

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { MetricDimension, MetricName } from '../../src/service/metric-names.js'
import { useBundleUnderTest } from '../support/bundle-under-test.js'
import { restEvent } from '../support/events.js'
import { startScriptedDynamoDb } from '../support/scripted-dynamodb.js'

const run = promisify(execFile)

/**
 * Lambda's runtime, as far as the telemetry sees it: the bundle loaded once, then one
 * invocation after another, each with its own request id in the context and its own trace
 * id in `_X_AMZN_TRACE_ID`. A marker line opens each invocation's lines on stdout and on
 * stderr (Powertools writes warnings and errors there; Lambda sends both to the log).
 */
const DRIVER = `
const { handler } = await import('./index.js')
for (const [index, { event, requestId, traceId }] of JSON.parse(process.argv[2]).entries()) {
  process.env._X_AMZN_TRACE_ID = traceId
  process.stdout.write(JSON.stringify({ invocation: index }) + '\\n')
  process.stderr.write(JSON.stringify({ invocation: index }) + '\\n')
  const context = {
    awsRequestId: requestId,
    functionName: 'LambdaFunctionOverHttps',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:LambdaFunctionOverHttps',
    memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => 15000,
  }
  await handler(event, context).catch(() => {})
}
`

const NAMESPACE = 'LabTest'

interface Invocation {
  readonly event: unknown
  readonly requestId: string
  readonly traceId: string
}

type LogLine = Record<string, unknown>

/** What one invocation wrote on stdout and stderr: its EMF lines and its log lines. */
interface InvocationOutput {
  readonly emf: EmfLine[]
  readonly logs: LogLine[]
}

interface EmfLine {
  readonly _aws: {
    readonly CloudWatchMetrics: Array<{
      readonly Namespace: string
      readonly Dimensions: string[][]
      readonly Metrics: Array<{ readonly Name: string; readonly Unit: string }>
    }>
  }
  readonly [key: string]: unknown
}

const traceIdOf = (n: number) =>
  `Root=1-5759e988-bd862e3fe1be46a99427289${n};Parent=53995c3f42cd8ad${n};Sampled=1`

function invocation(n: number, event: unknown): Invocation {
  return { event, requestId: `request-${n}`, traceId: traceIdOf(n) }
}

const manage = (envelope: string) =>
  restEvent('POST', '/DynamoDBManager', envelope, { 'Content-Type': 'application/json' })

/** The metric values of an EMF line, by name. */
function valuesOf(line: EmfLine): Record<string, unknown> {
  const names = line._aws.CloudWatchMetrics.flatMap((each) => each.Metrics.map((m) => m.Name))
  return Object.fromEntries(names.map((name) => [name, line[name]]))
}

describe('the function bundle’s metrics and log context', () => {
  const subject = useBundleUnderTest(DRIVER)

  /** Runs the invocations in one fresh execution environment (one process). */
  async function runEnvironment(
    endpoint: URL,
    invocations: readonly Invocation[],
  ): Promise<InvocationOutput[]> {
    const { stdout, stderr } = await run(
      process.execPath,
      ['driver.mjs', JSON.stringify(invocations)],
      {
        cwd: subject.bundle.dir,
        env: {
          PATH: process.env.PATH,
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
          AWS_LAMBDA_FUNCTION_NAME: 'LambdaFunctionOverHttps',
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
          AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
          LAMBDA_TASK_ROOT: subject.bundle.dir,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_SESSION_TOKEN: 'test',
          DYNAMODB_ENDPOINT: endpoint.href,
          DYNAMODB_MAX_ATTEMPTS: '1',
          POWERTOOLS_SERVICE_NAME: 'serverless-lab',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          POWERTOOLS_METRICS_NAMESPACE: NAMESPACE,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    )
    const outputs = invocations.map(() => ({ emf: [] as EmfLine[], logs: [] as LogLine[] }))
    for (const stream of [stdout, stderr]) {
      let current: InvocationOutput | undefined
      for (const text of stream.split('\n').filter((each) => each.trim() !== '')) {
        const line = JSON.parse(text) as LogLine
        if (typeof line.invocation === 'number') current = outputs[line.invocation]
        else if ('_aws' in line) current?.emf.push(line as unknown as EmfLine)
        else current?.logs.push(line)
      }
    }
    expect(outputs).toHaveLength(invocations.length)
    return outputs
  }

  describe('against DynamoDB (dynalite)', () => {
    let outputs: InvocationOutput[]
    const invocations = [
      invocation(1, manage('{"operation":"create","payload":{"Item":{"id":"emf"}}}')),
      invocation(2, manage('{"operation":"read","payload":{"Key":{"id":"missing"}}}')),
      invocation(3, { operation: 'ping' }),
      invocation(4, restEvent('GET', '/health')),
      invocation(5, manage('{"operation":')),
    ]

    beforeAll(async () => {
      outputs = await runEnvironment(subject.engine.endpoint, invocations)
    }, 30_000)

    it('flushes one EMF line per invocation, in the namespace, by service and operation and by service', () => {
      for (const { emf } of outputs) {
        expect(emf).toHaveLength(1)
        const [directive] = emf[0]?._aws.CloudWatchMetrics ?? []
        expect(directive?.Namespace).toBe(NAMESPACE)
        expect(directive?.Dimensions).toEqual([
          [MetricDimension.Service, MetricDimension.Operation],
          [MetricDimension.Service],
        ])
        expect(emf[0]?.[MetricDimension.Service]).toBe('serverless-lab')
      }
      expect(outputs.map(({ emf }) => emf[0]?.[MetricDimension.Operation])).toEqual([
        'create',
        'read',
        'ping',
        'health',
        'invalid',
      ])
    })

    it('names each metric with its unit', () => {
      const [first] = outputs[0]?.emf ?? []
      expect(first?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
        { Name: MetricName.Requests, Unit: 'Count' },
        { Name: MetricName.Latency, Unit: 'Milliseconds' },
        { Name: MetricName.ClientErrors, Unit: 'Count' },
        { Name: MetricName.ServerErrors, Unit: 'Count' },
        { Name: MetricName.Throttles, Unit: 'Count' },
        { Name: MetricName.ColdStart, Unit: 'Count' },
      ])
    })

    it('counts a success, and a cold start on the first invocation only', () => {
      const [created, missing, ping, health] = outputs.map(({ emf }) => valuesOf(emf[0] as EmfLine))
      expect(created).toMatchObject({
        Requests: 1,
        ClientErrors: 0,
        ServerErrors: 0,
        Throttles: 0,
        ColdStart: 1,
      })
      expect(created?.Latency).toBeGreaterThan(0)
      for (const warm of [missing, ping, health]) expect(warm).not.toHaveProperty('ColdStart')
      expect(ping).toMatchObject({ Requests: 1, ClientErrors: 0, ServerErrors: 0 })
      expect(health).toMatchObject({ Requests: 1, ClientErrors: 0, ServerErrors: 0 })
    })

    it('counts a 4xx as a client error, under its operation or as invalid', () => {
      const missing = valuesOf(outputs[1]?.emf[0] as EmfLine)
      const malformed = valuesOf(outputs[4]?.emf[0] as EmfLine)
      for (const values of [missing, malformed]) {
        expect(values).toMatchObject({
          Requests: 1,
          ClientErrors: 1,
          ServerErrors: 0,
          Throttles: 0,
        })
      }
    })
  })

  it('counts a DynamoDB throttle as a throttle', async () => {
    const throttling = await startScriptedDynamoDb(400, 'ProvisionedThroughputExceededException')
    try {
      const read = manage('{"operation":"read","payload":{"Key":{"id":"x"}}}')
      const [throttled] = await runEnvironment(throttling.endpoint, [invocation(6, read)])
      expect(throttled?.emf[0]?.[MetricDimension.Operation]).toBe('read')
      expect(valuesOf(throttled?.emf[0] as EmfLine)).toMatchObject({
        Requests: 1,
        ClientErrors: 0,
        ServerErrors: 0,
        Throttles: 1,
        ColdStart: 1,
      })
    } finally {
      await throttling.stop()
    }
  }, 30_000)

  describe('against a DynamoDB that denies access (server errors, which are logged)', () => {
    let outputs: InvocationOutput[]
    const invocations = [
      invocation(7, { operation: 'list' }),
      invocation(8, manage('{"operation":"read","payload":{"Key":{"id":"x"}}}')),
    ]

    beforeAll(async () => {
      const denying = await startScriptedDynamoDb(400, 'AccessDeniedException')
      try {
        outputs = await runEnvironment(denying.endpoint, invocations)
      } finally {
        await denying.stop()
      }
    }, 30_000)

    it('counts a server error, a direct invocation’s from the status its error carries', () => {
      const [listed, read] = outputs.map(({ emf }) => emf[0] as EmfLine)
      expect(listed?.[MetricDimension.Operation]).toBe('list')
      expect(read?.[MetricDimension.Operation]).toBe('read')
      for (const line of [listed, read]) {
        expect(valuesOf(line as EmfLine)).toMatchObject({
          Requests: 1,
          ClientErrors: 0,
          ServerErrors: 1,
          Throttles: 0,
        })
      }
    })

    it('gives every log line of an invocation its cold start, request id and trace id', () => {
      outputs.forEach(({ logs }, index) => {
        expect(logs.length).toBeGreaterThan(0)
        for (const line of logs) {
          expect(line).toMatchObject({
            level: 'ERROR',
            cold_start: index === 0,
            function_request_id: invocations[index]?.requestId,
            xray_trace_id: `1-5759e988-bd862e3fe1be46a99427289${index + 7}`,
            function_name: 'LambdaFunctionOverHttps',
          })
        }
      })
    })
  })
})

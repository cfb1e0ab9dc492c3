/**
 * Drives the deployable bundle's handler in-process for a while, one invocation at a time
 * as Lambda does, with the same events as the Python baseline's driver.
 *
 * Usage: node --import tsx bench/handler-driver.ts BUNDLE SECONDS
 * (DYNAMODB_ENDPOINT in the environment). Prints one JSON line, on the file descriptor
 * RESULT_FD (default 1, stdout), so that stdout can be the function's alone.
 *
 * TRACE_SAMPLING (`all`, `none` or `default`) gives each invocation a trace header of its
 * own in _X_AMZN_TRACE_ID, as Lambda's runtime does before each one: sampled always, never,
 * or as X-Ray's default rule samples (the first request each second, then 5%).
 *
 * WARMUP_SECONDS (default 0) runs the same invocations untimed first, so that what is
 * measured is warm invocations, not V8 compiling the handler.
 */
import { randomBytes } from 'node:crypto'
import { writeSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { TABLE } from '../src/table/definition.js'

const [bundle = '', secondsText = '5'] = process.argv.slice(2)
// Loaded as Lambda's Node.js runtime loads it: require() for CommonJS, import() for ESM.
const { handler } = (
  bundle.endsWith('.mjs')
    ? await import(pathToFileURL(bundle).href)
    : createRequire(import.meta.url)(bundle)
) as { handler: (event: unknown, context: unknown) => Promise<unknown> }
const seconds = Number(secondsText)
/** What Lambda passes with each invocation; the logger copies it into every log line. */
const lambdaContext = (awsRequestId: string) => ({
  awsRequestId,
  functionName: 'LambdaFunctionOverHttps',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:LambdaFunctionOverHttps',
  memoryLimitInMB: '256',
})

const sampling = process.env.TRACE_SAMPLING
let sampledSecond = -1
/** Whether X-Ray's default rule samples a request now: a reservoir of 1 a second, then 5%. */
function sampledByDefaultRule(): boolean {
  const second = Math.floor(Date.now() / 1000)
  if (second === sampledSecond) return Math.random() < 0.05
  sampledSecond = second
  return true
}
function traceHeader(): string {
  const sampled = sampling === 'all' || (sampling === 'default' && sampledByDefaultRule())
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=${sampled ? 1 : 0}`
}

let invocations = 0
let errors = 0
let pairs = 0

/** Create then read a new item: two invocations, each with its own trace header. */
async function invokePair(): Promise<void> {
  const id = `ts-${pairs}`
  pairs += 1
  for (const event of [
    { operation: 'create', tableName: TABLE.tableName, payload: { Item: { id, name: 'Bob' } } },
    { operation: 'read', tableName: TABLE.tableName, payload: { Key: { id } } },
  ]) {
    if (sampling !== undefined) process.env._X_AMZN_TRACE_ID = traceHeader()
    try {
      await handler(event, lambdaContext(`${id}-${event.operation}`))
    } catch {
      errors += 1
    }
    invocations += 1
  }
}

const warmupEnd = performance.now() + Number(process.env.WARMUP_SECONDS ?? 0) * 1000
while (performance.now() < warmupEnd) await invokePair()
// Errors in the warm-up still count: none is expected anywhere.
invocations = 0
const started = performance.now()
const cpuAtStart = process.cpuUsage()
const deadline = started + seconds * 1000
while (performance.now() < deadline) await invokePair()
const cpu = process.cpuUsage(cpuAtStart)
// CPU time as well as wall time: on a busy machine it moves less with the neighbours' load.
const cpuMicros = cpu.user + cpu.system
writeSync(
  Number(process.env.RESULT_FD ?? 1),
  `${JSON.stringify({ invocations, seconds: (performance.now() - started) / 1000, errors, cpuMicros })}\n`,
)

import { execFile, spawn } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { BenchContext } from '../context.js'
import { pairedRatio, ratioText, type SectionResult, table } from '../report.js'
import { median, round } from '../stats.js'
import { DEBIAN_PYTHON, ensureDebianBoto3 } from '../tools.js'

const run = promisify(execFile)
const BENCH_DIR = new URL('../', import.meta.url).pathname

export interface DriverResult {
  readonly invocations: number
  readonly seconds: number
  readonly errors: number
  /** The driver's CPU time over the run, user and system. */
  readonly cpuMicros: number
}

function lastJsonLine(output: string): DriverResult {
  const line = output.trim().split('\n').at(-1) ?? '{}'
  return JSON.parse(line) as DriverResult
}

/**
 * One run of bench/handler-driver.ts on the function bundle: sequential invocations for
 * `context.seconds`, with `extraEnv` on top of the function's environment.
 */
export function driveBundle(
  context: BenchContext,
  extraEnv: NodeJS.ProcessEnv = {},
  seconds = context.seconds,
): Promise<DriverResult> {
  const env = {
    ...process.env,
    DYNAMODB_ENDPOINT: context.stack.dynamoDbEndpoint.href,
    POWERTOOLS_LOG_LEVEL: 'WARN',
    NODE_OPTIONS: context.bundle.nodeOptions,
    ...extraEnv,
  }
  const args = ['--import', 'tsx', join(BENCH_DIR, 'handler-driver.ts')]
  // The function's stdout (its EMF metrics, a line per invocation) goes to /dev/null, as on
  // Lambda it goes to the log agent: read by this process, megabytes of it would take CPU
  // from the driver and the engine on a two-core machine. The result comes on fd 3.
  const driver = spawn(process.execPath, [...args, context.bundle.file, String(seconds)], {
    env: { ...env, RESULT_FD: '3' },
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  })
  let result = ''
  driver.stdio[3]?.on('data', (chunk: Buffer) => {
    result += chunk.toString('utf8')
  })
  return new Promise((resolve, reject) => {
    driver.on('error', reject)
    driver.on('close', (code) => {
      if (code === 0) resolve(lastJsonLine(result))
      else reject(new Error(`the handler driver exited with ${code}`))
    })
  })
}

/**
 * Invocations per second of the handler itself, one at a time as Lambda runs them:
 * create then read, over and over, through the deployable bundle in-process and through the
 * original lab's Python handler, both on the same engine.
 */
export async function handlerSection(context: BenchContext): Promise<SectionResult> {
  const endpoint = context.stack.dynamoDbEndpoint.href
  const ours = () => driveBundle(context)
  const skipped: string[] = []
  const boto3 = ensureDebianBoto3()
  if ('missing' in boto3) skipped.push(`the original Python handler: ${boto3.missing}`)
  if (!context.baselineDir)
    skipped.push(
      'the original Python handler: ../shared/baseline/lambda_function.py is not beside the project',
    )
  const python =
    skipped.length === 0 && context.baselineDir
      ? () =>
          run(DEBIAN_PYTHON, [
            join(BENCH_DIR, 'python/baseline_driver.py'),
            endpoint,
            context.baselineDir ?? '',
            String(context.seconds),
          ]).then(({ stdout }) => lastJsonLine(stdout))
      : undefined

  const oursRates: number[] = []
  const pythonRates: number[] = []
  let errors = 0
  for (let round = 1; round <= context.rounds; round += 1) {
    const a = await ours()
    oursRates.push(a.invocations / a.seconds)
    errors += a.errors
    if (python) {
      const b = await python()
      pythonRates.push(b.invocations / b.seconds)
      errors += b.errors
    }
    console.log(
      `  handler round ${round}: ours ${Math.round(oursRates.at(-1) ?? 0)}/s${python ? `, Python ${Math.round(pythonRates.at(-1) ?? 0)}/s` : ''}`,
    )
  }
  const rows: Array<Array<string | number>> = [
    ['TypeScript handler (the deployable bundle), in-process', round(median(oursRates)), '1x'],
  ]
  const targets = []
  if (python) {
    const ratio = pairedRatio(oursRates, pythonRates)
    rows.push([
      `original Python handler (boto3 ${'version' in boto3 ? boto3.version : ''}, resource built per call)`,
      round(median(pythonRates)),
      ratioText(ratio),
    ])
    targets.push({
      name: 'handler invocations ÷ original Python handler',
      value: ratio,
      bound: 3.5,
      unit: 'x' as const,
    })
  }
  return {
    title: 'The handler against the original lab',
    markdown: `Sequential invocations (create, then read of the item just created), ${context.seconds} s per run,
the same events for both, on the same engine. Ours is the CDK app's function bundle, run with its
NODE_OPTIONS. Errors: ${errors}.

${table(['handler', 'invocations/s', 'ours ÷ it'], rows)}`,
    targets,
    skipped,
  }
}

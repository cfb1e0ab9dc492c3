import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { bundleOfRevision } from '../cold-start-phases.js'
import type { BenchContext } from '../context.js'
import { lambdaEnvironment, startStandInDaemon } from '../lambda-environment.js'
import { pairedRatio, ratioText, type SectionResult, table } from '../report.js'
import { median, round } from '../stats.js'
import { type DriverResult, driveBundle } from './handler.js'

/**
 * The last revision before the function had metrics and traces (issue 12): its bundle is
 * the "before" of the bundle's size.
 */
const BEFORE_OBSERVABILITY = '4b9e9de^'

/**
 * Many short runs rather than the bench's few long ones: the variants differ by a few per
 * cent, less than this machine's speed drifts over a minute, and a median of five per-round
 * ratios put the same code at 0.85x and at 1.06x in two runs. Each run first warms the
 * handler up for WARMUP_SECONDS, untimed.
 */
const RUN_SECONDS = 2
const WARMUP_SECONDS = 0.5
const MIN_ROUNDS = 15

/** Powertools' own switch: the metrics are still added, but no EMF line is written. */
const METRICS_OFF = { POWERTOOLS_METRICS_DISABLED: 'true' } as const

interface Variant {
  readonly label: string
  readonly env: NodeJS.ProcessEnv
  readonly rates: number[]
  readonly cpu: number[]
}

/**
 * What the function's metrics and traces cost a warm invocation: the handler section's
 * sequential create-then-read through the shipped bundle, with Lambda's environment and a
 * trace header of its own for each invocation, as Lambda gives them. Three variants take
 * turns run by run, in an order reversed every other round (a run can leave the engine work
 * that slows the next): metrics written (an EMF line per invocation on stdout, to /dev/null
 * as on Lambda to its log agent) and active tracing at X-Ray's default sampling, as the
 * function runs on AWS; the same with every invocation sampled, the worst case; and both off.
 */
export async function observabilitySection(context: BenchContext): Promise<SectionResult> {
  const daemon = await startStandInDaemon()
  const bundle = context.bundle.file
  const traced = lambdaEnvironment(bundle, { address: daemon.address, sampled: true })
  const variants: Variant[] = [
    {
      label: "metrics and traces on, X-Ray's default sampling",
      env: { ...traced, TRACE_SAMPLING: 'default' },
    },
    {
      label: 'metrics and traces on, every invocation sampled',
      env: { ...traced, TRACE_SAMPLING: 'all' },
    },
    {
      label: 'metrics and traces off',
      env: { ...lambdaEnvironment(bundle), ...METRICS_OFF, TRACE_SAMPLING: 'none' },
    },
  ].map((variant) => ({ ...variant, rates: [], cpu: [] }))
  let errors = 0
  const rounds = Math.max(MIN_ROUNDS, context.rounds * 3)
  try {
    for (let round = 1; round <= rounds; round += 1) {
      const order = round % 2 === 1 ? variants : [...variants].reverse()
      for (const variant of order) {
        const result: DriverResult = await driveBundle(
          context,
          { ...variant.env, WARMUP_SECONDS: String(WARMUP_SECONDS) },
          RUN_SECONDS,
        )
        variant.rates.push(result.invocations / result.seconds)
        variant.cpu.push(result.cpuMicros / result.invocations)
        errors += result.errors
      }
      console.log(
        `  observability round ${round}: ${variants.map((each) => `${Math.round(each.rates.at(-1) ?? 0)}/s`).join(', ')} (default sampling, all sampled, off)`,
      )
    }
  } finally {
    daemon.close()
  }
  const [onAsDeployed, , off] = variants as [Variant, Variant, Variant]
  const ratio = pairedRatio(onAsDeployed.rates, off.rates)
  const rows = variants.map((variant) => [
    variant.label,
    round(median(variant.rates)),
    variant === off ? '1x' : ratioText(pairedRatio(variant.rates, off.rates)),
    round(median(variant.cpu)),
    variant === off ? '1x' : ratioText(pairedRatio(variant.cpu, off.cpu)),
  ])
  return {
    title: 'Metrics and traces on and off',
    markdown: `Sequential invocations of the function bundle (create, then read), ${rounds} rounds of ${RUN_SECONDS} s per
variant after ${WARMUP_SECONDS} s of untimed warm-up in each run, with the environment Lambda
gives the function and a new trace header for each invocation, the variants taking turns (their order reversed every other round): metrics written (an EMF line
per invocation on stdout, sent to /dev/null as Lambda sends it to its log agent) and X-Ray
tracing on at X-Ray's default sampling (the first request each second, then 5%), as the
function runs on AWS; the same with every invocation sampled, the worst case; and both off
(\`POWERTOOLS_METRICS_DISABLED=true\`, no tracing). A sampled invocation sends one datagram to a
UDP socket standing in for the daemon (${daemon.datagrams()} in all). All give every log line the
Lambda context. The CPU time per invocation is the handler's and the SDK's in the driver's
process (the engine runs in another): it moves less than the rate when other work shares
the machine. Ratios are medians of the per-round ratios. Errors: ${errors}.

${table(['variant', 'invocations/s', '÷ off', 'CPU µs per invocation (driver process)', '÷ off'], rows)}

${await bundleSizes(context)}`,
    targets: [
      {
        name: "handler invocations, metrics and traces on (X-Ray's default sampling) ÷ off",
        value: ratio,
        bound: 0.9,
        unit: 'x',
      },
    ],
    skipped: [],
  }
}

/** The bundle's size now, and before it had metrics and traces. */
async function bundleSizes(context: BenchContext): Promise<string> {
  const before = await bundleOfRevision(BEFORE_OBSERVABILITY).catch((error: Error) => {
    console.warn(`${BEFORE_OBSERVABILITY}: its bundle could not be built: ${error.message}`)
    return undefined
  })
  try {
    const beforeRow = before
      ? await sizesOf(before.bundle.file).then((sizes) => [
          `before (${before.bundle.label})`,
          ...sizes,
        ])
      : [`before (${BEFORE_OBSERVABILITY}): not built, see the run's output`, '', '']
    return `The bundle, minified, before it had metrics and traces and now:

${table(
  ['bundle', 'bytes', 'gzip bytes'],
  [beforeRow, ['this revision', context.bundle.bytes, context.bundle.gzipBytes]],
)}`
  } finally {
    await before?.remove()
  }
}

async function sizesOf(file: string): Promise<number[]> {
  const content = await readFile(file)
  return [content.byteLength, gzipSync(content).byteLength]
}

import type { BenchContext } from '../context.js'
import { pairedRatio, ratioText, type SectionResult, table } from '../report.js'
import { median, round } from '../stats.js'
import { driveBundle } from './handler.js'

/** Powertools' own switch: the metrics are still added, but no EMF line is written. */
const METRICS_OFF = { POWERTOOLS_METRICS_DISABLED: 'true' } as const

/**
 * What the function's metrics cost a warm invocation: the handler section's sequential
 * create-then-read through the shipped bundle, with the metrics written (one EMF line per
 * invocation on stdout, as on Lambda) and with them switched off, run by run in turn.
 */
export async function metricsSection(context: BenchContext): Promise<SectionResult> {
  const onRates: number[] = []
  const offRates: number[] = []
  const onCpu: number[] = []
  const offCpu: number[] = []
  let errors = 0
  for (let round = 1; round <= context.rounds; round += 1) {
    const on = await driveBundle(context)
    const off = await driveBundle(context, METRICS_OFF)
    onRates.push(on.invocations / on.seconds)
    offRates.push(off.invocations / off.seconds)
    onCpu.push(on.cpuMicros / on.invocations)
    offCpu.push(off.cpuMicros / off.invocations)
    errors += on.errors + off.errors
    console.log(
      `  metrics round ${round}: on ${Math.round(onRates.at(-1) ?? 0)}/s, off ${Math.round(offRates.at(-1) ?? 0)}/s`,
    )
  }
  const ratio = pairedRatio(onRates, offRates)
  const cpuRatio = pairedRatio(onCpu, offCpu)
  return {
    title: 'Metrics on and off',
    markdown: `Sequential invocations of the function bundle (create, then read), ${context.seconds} s per run, with
its metrics written (an EMF line per invocation on stdout, docs/operations.md) and with
\`POWERTOOLS_METRICS_DISABLED=true\`, taking turns. Both give every log line the Lambda
context. The CPU time per invocation is the handler's and the SDK's in the driver's process
(the engine runs in another): it moves less than the rate when other work shares the
machine. The cold start with the metrics in the bundle is the cold-start section's; with
\`BENCH_COMPARE_REF\` set to a revision without them, its phases show the difference. Errors: ${errors}.

${table(
  ['metrics', 'invocations/s', 'on ÷ off', 'CPU µs per invocation (driver process)', 'on ÷ off'],
  [
    ['on', round(median(onRates)), ratioText(ratio), round(median(onCpu)), ratioText(cpuRatio)],
    ['off', round(median(offRates)), '1x', round(median(offCpu)), '1x'],
  ],
)}`,
    targets: [
      { name: 'handler invocations, metrics on ÷ off', value: ratio, bound: 0.9, unit: 'x' },
    ],
    skipped: [],
  }
}

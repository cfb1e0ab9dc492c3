import type { PreflightPlan } from './plan.js'
import type { PreflightResult } from './preflight.js'

/** Where preflight prints: problems and one-line failures to stderr, the rest to stdout. */
export interface PreflightIo {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  readonly env: Readonly<Record<string, string | undefined>>
}

/** A failure that stops preflight before or instead of its checks: one line, on stderr. */
export function reportFailure(io: PreflightIo, line: string): void {
  io.stderr.write(`preflight: ${line}\n`)
}

function stacksOf(plan: PreflightPlan): string {
  return plan.stacks.map((stack) => `${stack.stackName} (${stack.region})`).join(', ')
}

/**
 * The result: each problem on a line of its own and a count, or one short ok line; the
 * notes either way.
 *
 * @example
 * reportResult(io, plan, result) // → "preflight ok: DynamoDBManager (us-east-1), account 111122223333"
 */
export function reportResult(io: PreflightIo, plan: PreflightPlan, result: PreflightResult): void {
  for (const line of result.notes) io.stdout.write(`note: ${line}\n`)
  const count = result.problems.length
  if (count === 0) {
    io.stdout.write(`preflight ok: ${stacksOf(plan)}, account ${result.account}\n`)
    return
  }
  for (const line of result.problems) io.stderr.write(`problem: ${line}\n`)
  io.stderr.write(
    `preflight: ${count} problem${count === 1 ? '' : 's'} for ${stacksOf(plan)} in account ${result.account}: fix ${count === 1 ? 'it' : 'them'}, then run again.\n`,
  )
}

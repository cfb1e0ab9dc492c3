import type { AwsClients } from './aws-clients.js'
import { CheckFailure } from './aws-errors.js'
import type { PreflightPlan, StackPlan } from './plan.js'
import type { StackHoldings } from './stack-holdings.js'

/**
 * What a check found: a problem (the deploy would fail, or do harm: one line with its fix), a
 * note (information, nothing to do), or a parameter the deploy must pass.
 */
export type Finding =
  | { readonly kind: 'problem'; readonly line: string }
  | { readonly kind: 'note'; readonly line: string }
  | { readonly kind: 'parameter'; readonly value: string }

export const problem = (line: string): Finding => ({ kind: 'problem', line })
export const note = (line: string): Finding => ({ kind: 'note', line })
export const parameter = (value: string): Finding => ({ kind: 'parameter', value })

/** What every check is given: the plan, the clients, and what the account already holds. */
export interface CheckContext {
  readonly plan: PreflightPlan
  readonly clients: AwsClients
  readonly account: string
  /** `aws`, `aws-cn`, `aws-us-gov`: the partition ARNs are written in. */
  readonly partition: string
  /** What a stack of the plan already holds, read once however many checks ask. */
  holdingsOf(stack: StackPlan): Promise<StackHoldings>
  /** A value worked out once per key, for reads two checks share. */
  once<Value>(key: string, read: () => Promise<Value>): Promise<Value>
}

/** A check: the tasks it runs, each finding what it finds, started together. */
export type Check = (context: CheckContext) => ReadonlyArray<Promise<Finding[]>>

/** A task's findings; a task that could not finish is one problem, its line. */
export async function settle(task: Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await task
  } catch (error) {
    if (error instanceof CheckFailure) return [problem(error.message)]
    throw error
  }
}

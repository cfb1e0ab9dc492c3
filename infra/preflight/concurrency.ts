import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda'
import { askFor } from './aws-errors.js'
import { existingFunction } from './existing-function.js'
import { type Check, type CheckContext, type Finding, problem } from './findings.js'
import type { StackPlan } from './plan.js'

/**
 * Lambda keeps this many concurrent executions unreserved, for the functions that reserve
 * none; an account whose whole limit is lower (new accounts start at 10) can reserve nothing.
 */
export const UNRESERVED_MINIMUM = 100

/** The Service Quotas code of Lambda's "Concurrent executions" quota. */
const CONCURRENCY_QUOTA_CODE = 'L-B99A9384'

/**
 * The most this function may reserve in the region: what is unreserved now, plus what it
 * reserves already (an update gives that back), less what Lambda keeps unreserved.
 */
export function reservableConcurrency(
  accountLimit: number,
  unreservedNow: number,
  reservedByThisFunction: number,
): number {
  return unreservedNow + reservedByThisFunction - Math.min(UNRESERVED_MINIMUM, accountLimit)
}

async function checkReservation(context: CheckContext, stack: StackPlan): Promise<Finding[]> {
  const wanted = stack.reservedConcurrency
  if (wanted === undefined) return []
  const { region } = stack
  const [settings, fn] = await Promise.all([
    askFor('lambda:GetAccountSettings', `Lambda's concurrency in ${region}`, () =>
      context.clients.lambda(region).send(new GetAccountSettingsCommand({})),
    ),
    existingFunction(context, stack),
  ])
  const limit = settings.AccountLimit?.ConcurrentExecutions ?? 0
  const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0
  const current = fn?.held ? fn.reservedConcurrency : 0
  const most = reservableConcurrency(limit, unreserved, current)
  if (wanted <= most) return []
  const reservedByOthers = limit - unreserved - current
  const quota = reservedByOthers + wanted + UNRESERVED_MINIMUM
  const lower = most > 0 ? `lower it to ${most} or less (-c reservedConcurrency=${most}), ` : ''
  return [
    problem(
      `reservedConcurrency ${wanted} is more than ${stack.names.function} can reserve in ${region} (at most ${Math.max(most, 0)}: the account's limit is ${limit}, ${unreserved} unreserved now, and Lambda keeps ${Math.min(UNRESERVED_MINIMUM, limit)} unreserved): ${lower}unset it (-c reservedConcurrency=), or ask for a limit of ${quota}: aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${CONCURRENCY_QUOTA_CODE} --desired-value ${quota} --region ${region}`,
    ),
  ]
}

/** The reservation of each stack's function, against its region's unreserved concurrency. */
export const checkConcurrency: Check = (context) =>
  context.plan.stacks.map((stack) => checkReservation(context, stack))

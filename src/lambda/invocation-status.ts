import { isHttpApiEvent, isRestApiEvent } from './api-gateway-events.js'
import type { InvocationContext, LambdaHandler } from './lambda-handler.js'

/** The status an invocation answered with: the proxy result's, or a direct invocation's. */
function statusOf(event: unknown, result: unknown): number {
  if (!isRestApiEvent(event) && !isHttpApiEvent(event)) return 200
  const { statusCode } = result as { statusCode?: unknown }
  return typeof statusCode === 'number' ? statusCode : 500
}

/** A direct invocation's failure carries its status (DirectInvocationError); others are 500. */
function statusOfFailure(thrown: unknown): number {
  const statusCode = (thrown as { statusCode?: unknown } | null)?.statusCode
  return typeof statusCode === 'number' ? statusCode : 500
}

/**
 * Runs one invocation of `handler` and tells `ended` the status it answered with, and what it
 * threw when it failed; then returns its answer, or throws its failure on. The metrics and
 * the traces both wrap the handler this way.
 */
export async function invokeTellingStatus(
  handler: LambdaHandler,
  event: unknown,
  context: InvocationContext | undefined,
  ended: (status: number, thrown?: unknown) => void,
): Promise<unknown> {
  let result: unknown
  try {
    result = await handler(event, context)
  } catch (thrown) {
    ended(statusOfFailure(thrown), thrown)
    throw thrown
  }
  ended(statusOf(event, result))
  return result
}

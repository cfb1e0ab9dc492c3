import { isHttpApiEvent, isRestApiEvent } from './api-gateway-events.js'

/** The status an invocation answered with: the proxy result's, or a direct invocation's. */
export function statusOf(event: unknown, result: unknown): number {
  if (!isRestApiEvent(event) && !isHttpApiEvent(event)) return 200
  const { statusCode } = result as { statusCode?: unknown }
  return typeof statusCode === 'number' ? statusCode : 500
}

/** A direct invocation's failure carries its status (DirectInvocationError); others are 500. */
export function statusOfFailure(thrown: unknown): number {
  const statusCode = (thrown as { statusCode?: unknown } | null)?.statusCode
  return typeof statusCode === 'number' ? statusCode : 500
}

import { randomUUID } from 'node:crypto'
import type { JsonValue } from '../core/codec/json.js'
import { asLoggedApiError } from '../core/errors.js'
import type { Log } from '../core/log.js'
import type { Manager } from '../core/manager.js'
import { parseEnvelope } from '../core/schema/validate.js'
import type { HttpApi } from '../http/http-api.js'
import {
  fromHttpApiEvent,
  fromRestApiEvent,
  isDirectInvocation,
  isHttpApiEvent,
  isRestApiEvent,
  toProxyResult,
} from './api-gateway-events.js'
import { DirectInvocationError, toRuntimeJson } from './direct-invocation.js'

/** The part of Lambda's context the handler reads. */
export interface InvocationContext {
  readonly awsRequestId?: string
}

export interface LambdaHandlerDependencies {
  readonly httpApi: HttpApi
  readonly manager: Manager
  readonly log: Log
}

export type LambdaHandler = (event: unknown, context?: InvocationContext) => Promise<unknown>

/**
 * The Lambda handler (`LambdaFunctionOverHttps`): tells the event's shape and hands it to
 * the HTTP API (a proxy event) or to the manager (a direct invocation). The same function
 * serves API Gateway on AWS and the local gateway, which calls it in-process.
 *
 * @example
 * const handler = createLambdaHandler({ httpApi, manager, log })
 * await handler({ operation: 'ping' }) // 'pong'
 */
export function createLambdaHandler({
  httpApi,
  manager,
  log,
}: LambdaHandlerDependencies): LambdaHandler {
  async function invokeDirectly(
    event: Record<string, unknown>,
    requestId: string,
  ): Promise<unknown> {
    try {
      // The Lambda runtime has already parsed the event with JSON.parse.
      return toRuntimeJson(await manager.execute(parseEnvelope(event as JsonValue)))
    } catch (thrown) {
      throw new DirectInvocationError(
        asLoggedApiError(thrown, log, 'direct invocation failed', requestId),
      )
    }
  }

  return async function handler(event, context) {
    const requestId = context?.awsRequestId ?? randomUUID()
    if (isRestApiEvent(event))
      return toProxyResult(await httpApi.handle(fromRestApiEvent(event, requestId)))
    if (isHttpApiEvent(event))
      return toProxyResult(await httpApi.handle(fromHttpApiEvent(event, requestId)))
    if (isDirectInvocation(event)) return invokeDirectly(event, requestId)
    throw new TypeError(
      'Unrecognised event: expected an API Gateway proxy event (REST or HTTP API) or a request envelope such as {"operation": "ping"}.',
    )
  }
}

import { randomUUID } from 'node:crypto'
import type { APIGatewayProxyResult } from 'aws-lambda'
import type { JsonValue } from '../core/codec/json.js'
import { asLoggedApiError } from '../core/errors.js'
import type { Log } from '../core/log.js'
import type { Manager } from '../core/manager.js'
import { parseEnvelope } from '../core/schema/validate.js'
import type { HttpApi } from '../http/api.js'
import type { ApiResponse } from '../http/responses.js'
import { DirectInvocationError, toRuntimeJson } from './direct-invocation.js'
import {
  fromHttpApiEvent,
  fromRestApiEvent,
  isDirectInvocation,
  isHttpApiEvent,
  isRestApiEvent,
} from './events.js'

/** The part of Lambda's context the handler reads. */
export interface InvocationContext {
  readonly awsRequestId?: string
}

export interface HandlerDependencies {
  readonly httpApi: HttpApi
  readonly manager: Manager
  readonly log: Log
}

export type LambdaHandler = (event: unknown, context?: InvocationContext) => Promise<unknown>

/** An answer as API Gateway's proxy integration takes it (always text: JSON). */
export function toProxyResult(response: ApiResponse): APIGatewayProxyResult {
  return {
    statusCode: response.statusCode,
    headers: { ...response.headers },
    body: response.body,
    isBase64Encoded: false,
  }
}

/**
 * Builds the Lambda handler (`LambdaFunctionOverHttps`) from its dependencies. The same
 * function serves API Gateway on AWS and the local gateway, which calls it in-process.
 *
 * @example
 * const handler = createHandler({ httpApi, manager, log })
 * await handler({ operation: 'ping' }) // 'pong'
 */
export function createHandler({ httpApi, manager, log }: HandlerDependencies): LambdaHandler {
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

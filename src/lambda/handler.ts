import { loadServiceConfig } from '../config/service-config.js'
import { ErrorCode, InternalError } from '../core/errors.js'
import { errorResponse } from '../http/responses.js'
import { buildHandler } from './build-handler.js'
import { type InvocationContext, type LambdaHandler, toProxyResult } from './create-handler.js'
import { isHttpApiEvent, isRestApiEvent } from './events.js'
import { createLogger } from './logger.js'

/**
 * The Lambda entry point (`LambdaFunctionOverHttps`), bundled by the CDK app. Its
 * dependencies are built on the first invocation and kept for the life of the execution
 * environment: one config read, one DynamoDB client.
 */
let built: LambdaHandler | undefined

/**
 * A function deployed with a malformed setting cannot serve, but it must still answer API
 * Gateway with a proxy response: a thrown error would reach the client as a bare 502.
 */
function misconfigured(error: unknown): LambdaHandler {
  const log = createLogger()
  return async (event, context) => {
    log.error('the function is misconfigured', { error })
    if (!isRestApiEvent(event) && !isHttpApiEvent(event)) throw error
    const failure = new InternalError(
      ErrorCode.InternalError,
      'The service is misconfigured; its operators have been told in the log.',
    )
    return toProxyResult(
      errorResponse(failure, context?.awsRequestId ?? event.requestContext.requestId),
    )
  }
}

export async function handler(event: unknown, context?: InvocationContext): Promise<unknown> {
  if (built === undefined) {
    try {
      // Credentials come from the environment, where Lambda puts the function role's.
      built = buildHandler(loadServiceConfig(process.env), process.env).handler
    } catch (error) {
      built = misconfigured(error)
    }
  }
  return built(event, context)
}

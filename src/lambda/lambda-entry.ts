import { loadServiceConfig } from '../config/service-config.js'
import { ErrorCode } from '../core/error-table.js'
import { InternalError } from '../core/errors.js'
import { errorResponse } from '../http/api-response.js'
import { composeService } from '../service/compose-service.js'
import { createLogger } from '../service/logger.js'
import { isHttpApiEvent, isRestApiEvent, toProxyResult } from './api-gateway-events.js'
import { createInvocationTelemetry } from './invocation-telemetry.js'
import { createLambdaHandler, type LambdaHandler } from './lambda-handler.js'
import { startTracing } from './tracing-switch.js'

/**
 * The Lambda entry point (`LambdaFunctionOverHttps`), the module the CDK app bundles. Its
 * dependencies are built when Lambda loads it, in the init phase, which runs with a whole
 * CPU whatever the function's memory (an invocation gets a share in proportion to it), and
 * kept for the life of the execution environment: one config read, one DynamoDB client.
 * docs/benchmarks.md has the cold start measured both ways.
 */

const log = createLogger()
// Metrics and the Lambda context in the log, and traces: on Lambda only, so here and not in
// the handler. Tracing is undefined when off (tracing-switch.ts).
const telemetry = createInvocationTelemetry({ logger: log })
const tracing = startTracing(process.env, log)

/**
 * A function deployed with a malformed setting cannot serve, but it must still answer API
 * Gateway with a proxy response: a thrown error would reach the client as a bare 502.
 */
function misconfigured(error: unknown): LambdaHandler {
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

/** The handler, or its stand-in when a setting is malformed: never a failed module load. */
function composeOrReportMisconfiguration(): LambdaHandler {
  try {
    // Credentials come from the environment, where Lambda puts the function role's.
    const config = loadServiceConfig(process.env)
    return createLambdaHandler(
      composeService(config, {
        log,
        onOperation: tracing
          ? (operation) => {
              telemetry.onOperation(operation)
              tracing.onOperation(operation)
            }
          : telemetry.onOperation,
        ...(tracing && { dynamoDbObserver: tracing.observeDynamoDb }),
      }),
    )
  } catch (error) {
    return misconfigured(error)
  }
}

const served = composeOrReportMisconfiguration()
export const handler: LambdaHandler = telemetry.instrument(
  tracing ? tracing.instrument(served) : served,
)

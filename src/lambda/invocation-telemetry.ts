import type { Logger } from '@aws-lambda-powertools/logger'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import type { Context } from 'aws-lambda'
import type { Environment } from '../config/env.js'
import {
  DEFAULT_METRICS_NAMESPACE,
  METRICS_NAMESPACE_VARIABLE,
  type MeasuredOperation,
  MetricDimension,
  MetricName,
  SERVICE_NAME,
} from '../service/metric-names.js'
import type { OperationObserver } from '../service/operation-observer.js'
import { coldStartTracker } from './cold-start.js'
import { invokeTellingStatus } from './invocation-status.js'
import type { LambdaHandler } from './lambda-handler.js'

export interface InvocationTelemetryOptions {
  /** The service's logger, given each invocation's Lambda context. */
  readonly logger: Pick<Logger, 'addContext'>
  /** Where the metrics namespace is read from. @default process.env */
  readonly env?: Environment
}

export interface InvocationTelemetry {
  /** For composeService: learns the operation of the invocation under way. */
  readonly onOperation: OperationObserver
  /** The handler, each invocation measured and its log lines given the Lambda context. */
  instrument(handler: LambdaHandler): LambdaHandler
}

/** Which of the error metrics an answer's status counts in: at most one. */
export function outcomeOf(statusCode: number) {
  return {
    throttle: statusCode === 429,
    clientError: statusCode >= 400 && statusCode < 500 && statusCode !== 429,
    serverError: statusCode >= 500,
  }
}

/**
 * What the Lambda entry adds around the handler, and only there (the local stack writes no
 * metrics): Powertools Metrics in CloudWatch embedded metric format, one JSON line on stdout
 * per invocation (docs/operations.md lists the metrics), and the Lambda context on every log
 * line of the invocation (`cold_start`, `function_request_id`; the logger adds
 * `xray_trace_id` from `_X_AMZN_TRACE_ID`).
 *
 * The operation is kept between `onOperation` and the end of the invocation: Lambda runs one
 * invocation at a time in an execution environment, so one slot is enough.
 */
export function createInvocationTelemetry({
  logger,
  env = process.env,
}: InvocationTelemetryOptions): InvocationTelemetry {
  const metrics = new Metrics({
    namespace: env[METRICS_NAMESPACE_VARIABLE] || DEFAULT_METRICS_NAMESPACE,
    serviceName: SERVICE_NAME,
  })
  let operation: MeasuredOperation | undefined
  const takeColdStart = coldStartTracker(env)

  function record(statusCode: number, milliseconds: number, coldStart: boolean): void {
    const { throttle, clientError, serverError } = outcomeOf(statusCode)
    // Written by service and operation, and by service alone: the whole function's series,
    // which an alarm can watch without summing the operations.
    metrics.addDimension(MetricDimension.Operation, operation ?? 'invalid')
    metrics.addDimensions({})
    metrics.addMetric(MetricName.Requests, MetricUnit.Count, 1)
    metrics.addMetric(MetricName.Latency, MetricUnit.Milliseconds, milliseconds)
    metrics.addMetric(MetricName.ClientErrors, MetricUnit.Count, clientError ? 1 : 0)
    metrics.addMetric(MetricName.ServerErrors, MetricUnit.Count, serverError ? 1 : 0)
    metrics.addMetric(MetricName.Throttles, MetricUnit.Count, throttle ? 1 : 0)
    if (coldStart) metrics.addMetric(MetricName.ColdStart, MetricUnit.Count, 1)
    metrics.publishStoredMetrics()
  }

  return {
    onOperation(name) {
      operation = name
    },
    instrument(handler) {
      return async function measured(event, context) {
        operation = undefined
        const wasColdStart = takeColdStart()
        if (context !== undefined) logger.addContext(context as Context)
        const started = process.hrtime.bigint()
        return invokeTellingStatus(handler, event, context, (statusCode) =>
          record(statusCode, elapsedMs(started), wasColdStart),
        )
      }
    },
  }
}

/**
 * Milliseconds since `started` (process.hrtime.bigint()). Not performance.now(): the global
 * `performance` loads perf_hooks on first use, about a millisecond of the first invocation.
 */
function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6
}

import { Duration, Token } from 'aws-cdk-lib'
import { type IMetric, MathExpression, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch'
import { operationNames } from '../../src/core/schema/payloads.js'
import { InvalidPropError } from './prop-checks.js'

/**
 * The handler's own metrics, as the alarms and the dashboard read them. The handler writes
 * them with Powertools Metrics (CloudWatch embedded metric format) in src/: every name,
 * unit, dimension and the service name here MUST match what src/ writes, or the alarms watch
 * a metric nobody publishes and never fire.
 */

/** The namespace the handler publishes under unless the `metricsNamespace` setting says otherwise. */
export const DEFAULT_METRICS_NAMESPACE = 'ServerlessLab'

/** POWERTOOLS_SERVICE_NAME of the function: the `service` dimension of every metric. */
export const SERVICE_NAME = 'serverless-lab'

/** The metric names, with their units (Count unless said). */
export const HandlerMetric = {
  Requests: 'Requests',
  /** Milliseconds. */
  Latency: 'Latency',
  ClientErrors: 'ClientErrors',
  ServerErrors: 'ServerErrors',
  Throttles: 'Throttles',
  ColdStart: 'ColdStart',
} as const
export type HandlerMetric = (typeof HandlerMetric)[keyof typeof HandlerMetric]

/** The dimensions: `service`, and `operation`, one of the contract's operation names. */
export const DIMENSION_SERVICE = 'service'
export const DIMENSION_OPERATION = 'operation'

/** One operation's metric, summed over `period`. */
export function handlerMetric(
  namespace: string,
  name: HandlerMetric,
  operation: string,
  period: Duration = Duration.minutes(5),
): Metric {
  return new Metric({
    namespace,
    metricName: name,
    dimensionsMap: { [DIMENSION_SERVICE]: SERVICE_NAME, [DIMENSION_OPERATION]: operation },
    statistic: Stats.SUM,
    period,
    label: operation,
  })
}

/**
 * A metric summed over every operation of the contract. An alarm cannot SEARCH, so the sum
 * names each operation (eight, within an alarm's ten metrics); a missing operation counts 0.
 */
export function handlerMetricTotal(
  namespace: string,
  name: HandlerMetric,
  period: Duration = Duration.minutes(5),
): IMetric {
  const usingMetrics = Object.fromEntries(
    operationNames.map((operation, index) => [
      `op${index}`,
      handlerMetric(namespace, name, operation, period),
    ]),
  )
  return new MathExpression({
    expression: `SUM([${Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(', ')}])`,
    usingMetrics,
    label: `${name} (all operations)`,
    period,
  })
}

/** CloudWatch's rule for a custom namespace. */
const NAMESPACE = /^(?!AWS\/)[A-Za-z0-9.\-_/#:]{1,255}$/

/** Throws an InvalidPropError unless `namespace` is one CloudWatch takes for custom metrics. */
export function checkMetricsNamespace(namespace: string | undefined): void {
  if (namespace === undefined || Token.isUnresolved(namespace) || NAMESPACE.test(namespace)) return
  throw new InvalidPropError(
    'metricsNamespace',
    `expected a CloudWatch namespace such as ${DEFAULT_METRICS_NAMESPACE} (letters, digits and . - _ / # :, not starting with AWS/), got "${namespace}".`,
  )
}

import type { OperationName } from '../core/schema/payloads.js'

/**
 * The handler's CloudWatch metrics, by name: what the function writes (embedded metric
 * format, src/lambda/invocation-telemetry.ts) and what alarms and dashboards in the CDK app
 * read. It names only a type of the contract, erased at build, so that the CDK app may take
 * it (a layer rule allows infra this one file of src/service) and the function's bundle
 * gains no schema code through it. docs/operations.md describes each metric.
 */

/** POWERTOOLS_SERVICE_NAME: the `service` dimension of every metric, and of every log line. */
export const SERVICE_NAME = 'serverless-lab'

/** The environment variable Powertools Metrics reads the namespace from. */
export const METRICS_NAMESPACE_VARIABLE = 'POWERTOOLS_METRICS_NAMESPACE'

/** The namespace when the CDK app's `metricsNamespace` setting is unset. */
export const DEFAULT_METRICS_NAMESPACE = 'ServerlessLab'

export const MetricName = {
  /** Invocations answered, 1 each (Count). */
  Requests: 'Requests',
  /** The handler's time from event to answer (Milliseconds). */
  Latency: 'Latency',
  /** 1 for an answer 400–499 other than 429, else 0 (Count). */
  ClientErrors: 'ClientErrors',
  /** 1 for an answer 500–599, else 0 (Count). */
  ServerErrors: 'ServerErrors',
  /** 1 for a 429 (DynamoDB throttled the request past the client's retries), else 0 (Count). */
  Throttles: 'Throttles',
  /** 1 on an execution environment's first invocation; absent on the others (Count). */
  ColdStart: 'ColdStart',
} as const
export type MetricName = (typeof MetricName)[keyof typeof MetricName]

/**
 * The dimensions, each of low cardinality. Every metric is written twice: by service and
 * operation, and by service alone (the whole function, for alarms).
 */
export const MetricDimension = {
  /** POWERTOOLS_SERVICE_NAME: `serverless-lab`. */
  Service: 'service',
  /** One of MEASURED_OPERATIONS. */
  Operation: 'operation',
} as const

/**
 * The values of the operation dimension: the envelope's operations, `health` for GET
 * /health, and `invalid` for a request refused before any operation was known (malformed
 * JSON, an unknown operation, an unknown route, a body too large).
 */
export type MeasuredOperation = OperationName | 'health' | 'invalid'

/** Every value, keyed by itself: the build fails when the contract gains an operation. */
const MEASURED: { readonly [Name in MeasuredOperation]: Name } = {
  create: 'create',
  read: 'read',
  update: 'update',
  delete: 'delete',
  list: 'list',
  query: 'query',
  batchRead: 'batchRead',
  batchWrite: 'batchWrite',
  echo: 'echo',
  ping: 'ping',
  tables: 'tables',
  health: 'health',
  invalid: 'invalid',
}
export const MEASURED_OPERATIONS: readonly MeasuredOperation[] = Object.values(MEASURED)

import { Duration, Stack } from 'aws-cdk-lib'
import type { Stage } from 'aws-cdk-lib/aws-apigateway'
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import { type ITableV2, Operation } from 'aws-cdk-lib/aws-dynamodb'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { ITopic } from 'aws-cdk-lib/aws-sns'
import { Construct } from 'constructs'
import { MetricName } from '../../src/service/metric-names.js'
import { handlerMetricTotal } from './handler-metrics.js'
import { STAGE_NAME } from './lab-api.js'
import { checkWholeNumber } from './prop-checks.js'

/**
 * Each threshold's bounds and default, beside the construct that uses it; the settings read
 * their keys (`alarm` + the name, capitalized) against the same bounds. docs/operations.md
 * says why each default is what it is.
 */
export const ALARM_THRESHOLDS = {
  /** Percent of the API's answers that are 5XX, over a minute of at least MIN_REQUESTS. */
  api5xxRatePercent: { min: 1, max: 100, fallback: 5 },
  /** The API's p99 latency over a minute, in ms (API Gateway gives up at 29 s). */
  apiLatencyP99Ms: { min: 50, max: 29_000, fallback: 2000 },
  /** The function's errors (crashes, timeouts) in a minute. */
  lambdaErrors: { min: 1, max: 100_000, fallback: 1 },
  /** Invocations Lambda throttled in a minute. */
  lambdaThrottles: { min: 1, max: 100_000, fallback: 1 },
  /** The longest invocation of a minute, as a percent of the function's timeout. */
  durationPercentOfTimeout: { min: 1, max: 100, fallback: 80 },
  /** Concurrent executions, as a percent of the reserved concurrency (when there is one). */
  concurrencyPercentOfReservation: { min: 1, max: 100, fallback: 80 },
  /** DynamoDB requests throttled in a minute, every operation the handler calls. */
  dynamoDbThrottles: { min: 1, max: 100_000, fallback: 5 },
  /** DynamoDB's own errors (HTTP 500) in a minute. */
  dynamoDbSystemErrors: { min: 1, max: 100_000, fallback: 1 },
  /** The slowest replica's average replication latency, in ms (multi-region). */
  replicationLatencyMs: { min: 1000, max: 3_600_000, fallback: 60_000 },
  /** The handler's own ServerErrors (answers 5XX it chose) in a minute. */
  serverErrors: { min: 1, max: 100_000, fallback: 1 },
} as const

export type AlarmThresholds = {
  readonly [Name in keyof typeof ALARM_THRESHOLDS]?: number
}

/** Below this many requests in a minute the 5XX rate does not alarm: one error is 100%. */
export const API_5XX_MIN_REQUESTS = 10

/** Every alarm looks at minutes: a canary's 5 minutes must see one fire. */
const PERIOD = Duration.minutes(1)

/**
 * The DynamoDB operations the handler calls on a table (src/dynamodb/client.ts), batches
 * included: eight metrics in an alarm's expression, within CloudWatch's ten.
 */
export const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.SCAN,
  Operation.QUERY,
  Operation.BATCH_GET_ITEM,
  Operation.BATCH_WRITE_ITEM,
]

/** A table the function serves besides the default one, by the name it deploys with. */
export interface NamedTable {
  readonly name: string
  readonly table: ITableV2
}

/** Throws an InvalidPropError naming the first threshold out of its bounds. */
export function checkAlarmThresholds(thresholds: AlarmThresholds): void {
  for (const [name, range] of Object.entries(ALARM_THRESHOLDS)) {
    checkWholeNumber(name, thresholds[name as keyof AlarmThresholds], range)
  }
}

export interface LabAlarmsProps {
  /** `<prefix>-<alarm>`: the stack's names carry the environment (and, multi-region, the region). */
  readonly alarmPrefix: string
  /** The topic every alarm notifies, on alarm and back to OK. */
  readonly topic: ITopic
  readonly stage: Stage
  readonly fn: IFunction
  readonly timeout: Duration
  /** The function's reserved concurrency; the concurrency alarm exists only with one. */
  readonly reservedConcurrency?: number
  readonly table: ITableV2
  /**
   * The other tables the function serves (a tables file's): each has DynamoDB throttle,
   * system error (and replication) alarms of its own, named `<alarm>-<table>`.
   * @default - none
   */
  readonly moreTables?: readonly NamedTable[]
  /** The regions the table replicates to from this one; none: no replication alarm. */
  readonly replicaRegions?: readonly string[]
  /** The namespace of the handler's own metrics. */
  readonly metricsNamespace: string
  readonly thresholds?: AlarmThresholds
}

/**
 * The alarms of one region: the API's 5XX rate and p99 latency, the function's errors,
 * throttles, duration near its timeout and concurrency near its reservation, DynamoDB's
 * throttles and system errors, replication latency (multi-region) and the handler's own
 * server errors. Each notifies the topic on ALARM and on OK. The Route 53 health check's
 * alarm is HealthCheckAlarm's: its metric exists only in us-east-1.
 *
 * @example
 * new LabAlarms(stack, 'Alarms', { alarmPrefix: 'DynamoDBManager-dev', topic, stage, fn, … })
 */
export class LabAlarms extends Construct {
  /** Every alarm, for a deployment group to roll back on. */
  public readonly alarms: Alarm[] = []
  /** Those of `moreTables`, among `alarms`. */
  public readonly moreTablesAlarms: Alarm[] = []

  constructor(
    scope: Construct,
    id: string,
    private readonly props: LabAlarmsProps,
  ) {
    super(scope, id)
    checkAlarmThresholds(props.thresholds ?? {})
    const { stage, fn, table, metricsNamespace } = props
    const limit = (name: keyof typeof ALARM_THRESHOLDS) =>
      props.thresholds?.[name] ?? ALARM_THRESHOLDS[name].fallback

    const requests = byName(stage, stage.metricCount({ period: PERIOD, statistic: Stats.SUM }))
    const errors = byName(stage, stage.metricServerError({ period: PERIOD, statistic: Stats.SUM }))
    this.add('Api5xxRate', {
      description: `More than ${limit('api5xxRatePercent')}% of the API's answers are 5XX (minutes of ${API_5XX_MIN_REQUESTS}+ requests).`,
      metric: new MathExpression({
        expression: `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)`,
        usingMetrics: { requests, errors },
        label: '5XX rate (%)',
        period: PERIOD,
      }),
      threshold: limit('api5xxRatePercent'),
      sustained: true,
    })
    this.add('ApiLatencyP99', {
      description: `The API's p99 latency is above ${limit('apiLatencyP99Ms')} ms.`,
      metric: byName(stage, stage.metricLatency({ period: PERIOD, statistic: Stats.p(99) })),
      threshold: limit('apiLatencyP99Ms'),
      sustained: true,
    })
    this.add('LambdaErrors', {
      description: 'The function failed: an unhandled error, a crash or a timeout.',
      metric: fn.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
      threshold: limit('lambdaErrors'),
    })
    this.add('LambdaThrottles', {
      description: 'Lambda refused invocations: no concurrency left for the function.',
      metric: fn.metricThrottles({ period: PERIOD, statistic: Stats.SUM }),
      threshold: limit('lambdaThrottles'),
    })
    const timeoutMs = props.timeout.toMilliseconds()
    const durationPercent = limit('durationPercentOfTimeout')
    this.add('DurationNearTimeout', {
      description: `An invocation took ${durationPercent}% or more of the ${timeoutMs} ms timeout.`,
      metric: fn.metricDuration({ period: PERIOD, statistic: Stats.MAXIMUM }),
      threshold: Math.floor((timeoutMs * durationPercent) / 100),
      sustained: true,
    })
    if (props.reservedConcurrency !== undefined && props.reservedConcurrency > 0) {
      const percent = limit('concurrencyPercentOfReservation')
      this.add('ConcurrencyNearReservation', {
        description: `Concurrent executions reached ${percent}% of the ${props.reservedConcurrency} reserved.`,
        metric: fn.metric('ConcurrentExecutions', { period: PERIOD, statistic: Stats.MAXIMUM }),
        threshold: Math.max(1, Math.floor((props.reservedConcurrency * percent) / 100)),
        sustained: true,
      })
    }
    this.addTableAlarms(table, '')
    for (const { name, table: more } of props.moreTables ?? []) {
      const before = this.alarms.length
      this.addTableAlarms(more, `-${name}`, ` ${name}`)
      this.moreTablesAlarms.push(...this.alarms.slice(before))
    }
    this.add('ServerErrors', {
      description: 'The handler answered 5XX (its own ServerErrors metric, every operation).',
      metric: handlerMetricTotal(metricsNamespace, MetricName.ServerErrors, PERIOD),
      threshold: limit('serverErrors'),
    })
  }

  /**
   * DynamoDB's throttles and system errors on one table, and its replication latency
   * (multi-region), named `<alarm><suffix>`; `named` names the table in the descriptions.
   */
  private addTableAlarms(table: ITableV2, suffix: string, named = ''): void {
    const limit = (name: keyof typeof ALARM_THRESHOLDS) =>
      this.props.thresholds?.[name] ?? ALARM_THRESHOLDS[name].fallback
    this.add(
      'DynamoDbThrottles',
      {
        description: `DynamoDB throttled requests to the table${named} (the handler retried some).`,
        metric: table.metricThrottledRequestsForOperations({
          operations: TABLE_OPERATIONS,
          period: PERIOD,
        }),
        threshold: limit('dynamoDbThrottles'),
        sustained: true,
      },
      suffix,
    )
    this.add(
      'DynamoDbSystemErrors',
      {
        description: `DynamoDB answered requests to the table${named} with its own errors (HTTP 500).`,
        metric: table.metricSystemErrorsForOperations({
          operations: TABLE_OPERATIONS,
          period: PERIOD,
        }),
        threshold: limit('dynamoDbSystemErrors'),
      },
      suffix,
    )
    const replicaRegions = this.props.replicaRegions ?? []
    if (replicaRegions.length > 0) {
      this.add(
        'ReplicationLatency',
        {
          description: `Replication${named === '' ? '' : ` of the table${named}`} from ${Stack.of(this).region} to a replica lags by more than ${limit('replicationLatencyMs')} ms.`,
          metric: replicationLatency(table, replicaRegions),
          threshold: limit('replicationLatencyMs'),
          sustained: true,
        },
        suffix,
      )
    }
  }

  /** An alarm `<name><suffix>`, whose runbook entry is `name`'s. */
  private add(
    name: string,
    options: { description: string; metric: IMetric; threshold: number; sustained?: boolean },
    suffix = '',
  ): void {
    const alarm = new Alarm(this, `${name}${suffix}`, {
      alarmName: `${this.props.alarmPrefix}-${name}${suffix}`,
      alarmDescription: `${options.description} Runbook: docs/operations.md#${name.toLowerCase()}`,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // A rate or a latency must hold 2 of 3 minutes, so that one slow minute is no page;
      // a count of failures alarms on the minute it happens.
      evaluationPeriods: options.sustained ? 3 : 1,
      datapointsToAlarm: options.sustained ? 2 : 1,
      // No traffic, no data: not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    const action = new SnsAction(this.props.topic)
    alarm.addAlarmAction(action)
    alarm.addOkAction(action)
    this.alarms.push(alarm)
  }
}

/**
 * A stage's metric, its dimensions by the API's and the stage's literal names rather than a
 * reference to the stage: the live alias's deployment group lists these alarms, so a
 * reference would close a loop (stage → methods → alias → deployment group → alarm → stage)
 * that CloudFormation refuses.
 */
function byName(stage: Stage, metric: Metric): Metric {
  return metric.with({ dimensionsMap: { ApiName: stage.restApi.restApiName, Stage: STAGE_NAME } })
}

/** The slowest of this region's replications: ReplicationLatency per receiving region. */
function replicationLatency(table: ITableV2, regions: readonly string[]): IMetric {
  const usingMetrics = Object.fromEntries(
    regions.map((region, index) => [
      `r${index}`,
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName: 'ReplicationLatency',
        dimensionsMap: { TableName: table.tableName, ReceivingRegion: region },
        statistic: Stats.AVERAGE,
        period: PERIOD,
      }),
    ]),
  )
  return new MathExpression({
    expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`,
    usingMetrics,
    label: 'Replication latency, slowest replica (ms)',
    period: PERIOD,
  })
}

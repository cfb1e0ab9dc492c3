import { Duration } from 'aws-cdk-lib'
import type { Stage } from 'aws-cdk-lib/aws-apigateway'
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type GraphWidgetProps,
  type IAlarm,
  type IMetric,
  type IWidget,
  Stats,
} from 'aws-cdk-lib/aws-cloudwatch'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { Construct } from 'constructs'
import { MetricName } from '../../src/service/metric-names.js'
import { handlerMetricTotal } from './handler-metrics.js'
import { healthCheckStatus } from './health-check-alarm.js'
import { type NamedTable, TABLE_OPERATIONS } from './lab-alarms.js'

export interface LabDashboardProps {
  readonly dashboardName: string
  readonly stage: Stage
  readonly fn: IFunction
  /** Drawn as a line on the concurrency graph when there is one. */
  readonly reservedConcurrency?: number
  readonly table: ITableV2
  /**
   * The other tables the function serves: their consumed capacity on the table's graph,
   * their throttles and system errors on graphs of their own, titled with the table's name.
   * @default - none
   */
  readonly moreTables?: readonly NamedTable[]
  readonly metricsNamespace: string
  /** This region's Route 53 health check (multi-region), drawn from us-east-1. */
  readonly healthCheckId?: string
  /** The region's alarms, shown as a row of states at the top. */
  readonly alarms: readonly IAlarm[]
}

/** Titles of the widgets, which the runbook in docs/operations.md names. */
export const WidgetTitle = {
  Alarms: 'Alarms',
  Requests: 'Requests',
  Errors: '4XX and 5XX answers',
  Latency: 'API latency p50 / p90 / p99 (ms)',
  Duration: 'Lambda duration (ms)',
  Concurrency: 'Lambda concurrency and throttles',
  ColdStarts: 'Cold starts',
  Capacity: 'DynamoDB consumed capacity',
  Throttles: 'DynamoDB throttles',
  SystemErrors: 'DynamoDB system errors',
  HealthCheck: 'Route 53 health check (us-east-1)',
} as const

const PERIOD = Duration.minutes(1)
const WIDTH = 8
const HEIGHT = 6

/**
 * One region's dashboard, a minute per point: alarm states; the API's requests, 4XX/5XX and
 * latency percentiles; the function's duration, concurrency and cold starts (the handler's
 * ColdStart metric); DynamoDB's consumed capacity and throttles; and, multi-region, the
 * health check's status.
 *
 * @example
 * new LabDashboard(stack, 'Dashboard', { dashboardName: 'DynamoDBManager-dev-eu-west-1', … })
 */
export class LabDashboard extends Construct {
  public readonly dashboard: Dashboard

  constructor(scope: Construct, id: string, props: LabDashboardProps) {
    super(scope, id)
    const { stage, fn, table, metricsNamespace, moreTables = [] } = props
    const sum = { period: PERIOD, statistic: Stats.SUM }
    const graph = (title: string, left: IMetric[], more: Partial<GraphWidgetProps> = {}) =>
      new GraphWidget({ title, left, width: WIDTH, height: HEIGHT, period: PERIOD, ...more })

    const widgets: IWidget[] = [
      graph(WidgetTitle.Requests, [
        stage.metricCount({ ...sum, label: 'API requests' }),
        handlerMetricTotal(metricsNamespace, MetricName.Requests, PERIOD),
      ]),
      graph(WidgetTitle.Errors, [
        stage.metricClientError({ ...sum, label: 'API 4XX' }),
        stage.metricServerError({ ...sum, label: 'API 5XX' }),
        handlerMetricTotal(metricsNamespace, MetricName.ServerErrors, PERIOD),
      ]),
      graph(
        WidgetTitle.Latency,
        [Stats.p(50), Stats.p(90), Stats.p(99)].map((statistic) =>
          stage.metricLatency({ period: PERIOD, statistic, label: statistic }),
        ),
      ),
      graph(
        WidgetTitle.Duration,
        [Stats.p(50), Stats.p(99), Stats.MAXIMUM].map((statistic) =>
          fn.metricDuration({ period: PERIOD, statistic, label: statistic }),
        ),
      ),
      graph(
        WidgetTitle.Concurrency,
        [fn.metric('ConcurrentExecutions', { period: PERIOD, statistic: Stats.MAXIMUM })],
        {
          right: [fn.metricThrottles({ ...sum, label: 'Throttles' })],
          leftAnnotations:
            props.reservedConcurrency === undefined
              ? []
              : [{ value: props.reservedConcurrency, label: 'Reserved' }],
        },
      ),
      graph(WidgetTitle.ColdStarts, [
        handlerMetricTotal(metricsNamespace, MetricName.ColdStart, PERIOD),
      ]),
      graph(WidgetTitle.Capacity, [
        table.metricConsumedReadCapacityUnits({ ...sum, label: 'Read units' }),
        table.metricConsumedWriteCapacityUnits({ ...sum, label: 'Write units' }),
        ...moreTables.flatMap(({ name, table: more }) => [
          more.metricConsumedReadCapacityUnits({ ...sum, label: `Read units: ${name}` }),
          more.metricConsumedWriteCapacityUnits({ ...sum, label: `Write units: ${name}` }),
        ]),
      ]),
      graph(WidgetTitle.Throttles, [
        table.metricThrottledRequestsForOperations({
          operations: TABLE_OPERATIONS,
          period: PERIOD,
        }),
        handlerMetricTotal(metricsNamespace, MetricName.Throttles, PERIOD),
      ]),
      // A graph of its own: the CDK names both sums' metrics by operation, and ids must differ.
      graph(WidgetTitle.SystemErrors, [
        table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: PERIOD }),
      ]),
      // Each table's sums on graphs of their own, for the same reason.
      ...moreTables.flatMap(({ name, table: more }) => [
        graph(`${WidgetTitle.Throttles}: ${name}`, [
          more.metricThrottledRequestsForOperations({
            operations: TABLE_OPERATIONS,
            period: PERIOD,
          }),
        ]),
        graph(`${WidgetTitle.SystemErrors}: ${name}`, [
          more.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: PERIOD }),
        ]),
      ]),
    ]
    if (props.healthCheckId !== undefined) {
      widgets.push(
        graph(WidgetTitle.HealthCheck, [healthCheckStatus(props.healthCheckId)], {
          leftYAxis: { min: 0, max: 1 },
        }),
      )
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    })
    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: WidgetTitle.Alarms,
        alarms: [...props.alarms],
        width: 24,
        height: 3,
      }),
    )
    // Three to a row.
    for (let index = 0; index < widgets.length; index += 3) {
      this.dashboard.addWidgets(...widgets.slice(index, index + 3))
    }
  }
}

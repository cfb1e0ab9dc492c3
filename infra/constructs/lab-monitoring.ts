import { Duration, Stack } from 'aws-cdk-lib'
import type { Stage } from 'aws-cdk-lib/aws-apigateway'
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import type { ITopic } from 'aws-cdk-lib/aws-sns'
import { Construct } from 'constructs'
import { DEFAULT_METRICS_NAMESPACE } from '../../src/service/metric-names.js'
import { AlarmTopic } from './alarm-topic.js'
import { HEALTH_CHECK_METRICS_REGION, HealthCheckAlarm } from './health-check-alarm.js'
import { type AlarmThresholds, LabAlarms, type NamedTable } from './lab-alarms.js'
import { LabDashboard } from './lab-dashboard.js'
import { checkMetricsNamespace } from './metrics-namespace.js'

/** What a user sets about monitoring: where alarms go, and when they fire. */
export interface MonitoringSettings {
  /** An address a new topic sends every alarm to. @default - none */
  readonly alarmEmail?: string
  /** An existing topic of the stack's region to notify instead of a new one. @default - a new topic */
  readonly alarmTopicArn?: string
  readonly thresholds?: AlarmThresholds
  /** The handler's metrics' namespace. @default 'ServerlessLab' */
  readonly metricsNamespace?: string
}

export interface LabMonitoringProps extends MonitoringSettings {
  /** Alarm names start with it; the new topic is `<prefix>-alarms`. */
  readonly alarmPrefix: string
  readonly topicName: string
  readonly dashboardName: string
  readonly stage: Stage
  readonly fn: LambdaFunction
  /** The function's reserved concurrency, if any: the concurrency alarm needs one. */
  readonly reservedConcurrency?: number
  readonly table: ITableV2
  /** The other tables the function serves: alarms and graphs of their own. @default - none */
  readonly moreTables?: readonly NamedTable[]
  readonly replicaRegions?: readonly string[]
  /**
   * This region's Route 53 health check (multi-region). Its alarm is made here only in
   * us-east-1; elsewhere the app makes it in a stack of us-east-1 (HealthCheckAlarmStack).
   */
  readonly healthCheckId?: string
}

/**
 * One region's monitoring: the topic, the alarms (LabAlarms, and the health check's when
 * this is us-east-1) and the dashboard.
 *
 * @example
 * const monitoring = new LabMonitoring(stack, 'Monitoring', { alarmPrefix, topicName, … })
 * for (const alarm of monitoring.alarms) live.addAlarm(alarm)
 */
export class LabMonitoring extends Construct {
  public readonly topic: ITopic
  /**
   * Every alarm of this region; a deployment of this region rolls back on those a release
   * can set off (the stack's rollsBackARelease).
   */
  public readonly alarms: IAlarm[]
  /**
   * The alarms of `moreTables`, among `alarms`. None rolls a deployment back: with a table
   * each, they would take CodeDeploy's ten alarms a deployment group may watch.
   */
  public readonly moreTablesAlarms: readonly IAlarm[]
  public readonly dashboard: LabDashboard

  constructor(scope: Construct, id: string, props: LabMonitoringProps) {
    super(scope, id)
    checkMetricsNamespace('metricsNamespace', props.metricsNamespace)
    const { stage, fn, table, metricsNamespace = DEFAULT_METRICS_NAMESPACE } = props
    this.topic = new AlarmTopic(this, 'AlarmTopic', {
      topicName: props.topicName,
      topicArn: props.alarmTopicArn,
      email: props.alarmEmail,
    }).topic
    const { reservedConcurrency } = props
    const alarms = new LabAlarms(this, 'Alarms', {
      alarmPrefix: props.alarmPrefix,
      topic: this.topic,
      stage,
      fn,
      // Lambda's own default when a function sets none.
      timeout: fn.timeout ?? Duration.seconds(3),
      reservedConcurrency,
      table,
      moreTables: props.moreTables,
      replicaRegions: props.replicaRegions,
      metricsNamespace,
      thresholds: props.thresholds,
    })
    this.alarms = [...alarms.alarms]
    this.moreTablesAlarms = alarms.moreTablesAlarms
    if (
      props.healthCheckId !== undefined &&
      Stack.of(this).region === HEALTH_CHECK_METRICS_REGION
    ) {
      this.alarms.push(
        new HealthCheckAlarm(this, 'HealthCheckAlarm', {
          alarmName: `${props.alarmPrefix}-HealthCheck`,
          healthCheckId: props.healthCheckId,
          topic: this.topic,
          probedRegion: HEALTH_CHECK_METRICS_REGION,
        }).alarm,
      )
    }
    this.dashboard = new LabDashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      stage,
      fn,
      reservedConcurrency,
      table,
      moreTables: props.moreTables,
      metricsNamespace,
      healthCheckId: props.healthCheckId,
      alarms: this.alarms,
    })
  }
}

import { Duration, Stack, Token } from 'aws-cdk-lib'
import {
  Alarm,
  ComparisonOperator,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { ITopic } from 'aws-cdk-lib/aws-sns'
import { Construct } from 'constructs'
import { InvalidPropError } from './prop-checks.js'

/** Route 53 publishes its health checks' metrics in this region only. */
export const HEALTH_CHECK_METRICS_REGION = 'us-east-1'

/** A Route 53 health check's status: 1 healthy, 0 not. */
export function healthCheckStatus(healthCheckId: string): Metric {
  return new Metric({
    namespace: 'AWS/Route53',
    metricName: 'HealthCheckStatus',
    dimensionsMap: { HealthCheckId: healthCheckId },
    statistic: Stats.MINIMUM,
    period: Duration.minutes(1),
    region: HEALTH_CHECK_METRICS_REGION,
    label: 'Health check status (1 healthy)',
  })
}

export interface HealthCheckAlarmProps {
  readonly alarmName: string
  readonly healthCheckId: string
  /** A topic of us-east-1: an alarm notifies only a topic of its own region. */
  readonly topic: ITopic
  /** The region whose API the health check probes, for the description. */
  readonly probedRegion: string
}

/**
 * An alarm on a Route 53 health check's status, in us-east-1, where its metric is: it fires
 * when the check finds the region unhealthy (Route 53 has then moved DNS away from it), and
 * when the check stops reporting at all.
 *
 * @example
 * new HealthCheckAlarm(stack, 'HealthCheckAlarm', { alarmName, healthCheckId, topic, probedRegion: 'us-west-2' })
 */
export class HealthCheckAlarm extends Construct {
  public readonly alarm: Alarm

  constructor(scope: Construct, id: string, props: HealthCheckAlarmProps) {
    super(scope, id)
    const region = Stack.of(this).region
    if (!Token.isUnresolved(region) && region !== HEALTH_CHECK_METRICS_REGION) {
      throw new InvalidPropError(
        'region',
        `a health check's alarm must be in ${HEALTH_CHECK_METRICS_REGION}, where Route 53 publishes its metric, not in ${region}.`,
      )
    }
    this.alarm = new Alarm(this, 'Alarm', {
      alarmName: props.alarmName,
      alarmDescription: `Route 53 finds ${props.probedRegion}'s API unhealthy (GET /Prod/health), or the check stopped reporting. Runbook: docs/operations.md#healthcheck`,
      metric: healthCheckStatus(props.healthCheckId),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // Route 53 has already waited for its failure threshold of probes in a row.
      datapointsToAlarm: 1,
      treatMissingData: TreatMissingData.BREACHING,
    })
    const action = new SnsAction(props.topic)
    this.alarm.addAlarmAction(action)
    this.alarm.addOkAction(action)
  }
}

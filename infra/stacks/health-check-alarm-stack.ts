import { Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { AlarmTopic } from '../constructs/alarm-topic.js'
import { HEALTH_CHECK_METRICS_REGION, HealthCheckAlarm } from '../constructs/health-check-alarm.js'

export interface HealthCheckAlarmStackProps extends Omit<StackProps, 'env'> {
  readonly account: string | undefined
  /** The region whose health check this alarm watches. */
  readonly probedRegion: string
  /** The health check's id: `Fn::GetStackOutput` of the regional stack's HealthCheckId. */
  readonly healthCheckId: string
  readonly alarmName: string
  readonly topicName: string
  /** A topic of us-east-1 to notify instead of a new one. @default - a new encrypted topic */
  readonly alarmTopicArn?: string
  readonly alarmEmail?: string
}

/**
 * The alarm on one region's Route 53 health check, in us-east-1, where Route 53 publishes
 * the check's metric (an alarm sees only its own region's metrics), with a topic of
 * us-east-1 (an alarm notifies only its own region's). The health check's id is the
 * regional stack's HealthCheckId output, which CloudFormation reads across regions
 * (`Fn::GetStackOutput`, no custom resource): the regional stack deploys first.
 *
 * @example
 * new HealthCheckAlarmStack(app, names.healthCheckAlarmStack, { healthCheckId, probedRegion: 'us-west-2', … })
 */
export class HealthCheckAlarmStack extends Stack {
  public readonly alarm: HealthCheckAlarm

  constructor(scope: Construct, id: string, props: HealthCheckAlarmStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.account, region: HEALTH_CHECK_METRICS_REGION },
    })
    const topic = new AlarmTopic(this, 'AlarmTopic', {
      topicName: props.topicName,
      topicArn: props.alarmTopicArn,
      email: props.alarmEmail,
    }).topic
    this.alarm = new HealthCheckAlarm(this, 'HealthCheckAlarm', {
      alarmName: props.alarmName,
      healthCheckId: props.healthCheckId,
      topic,
      probedRegion: props.probedRegion,
    })
  }
}

import { Stack, Token } from 'aws-cdk-lib'
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Key } from 'aws-cdk-lib/aws-kms'
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import { Construct } from 'constructs'
import { InvalidPropError } from './prop-checks.js'

export interface AlarmTopicProps {
  /** The new topic's name (the stack's names carry the environment). */
  readonly topicName: string
  /**
   * An existing topic of this stack's region to notify instead of a new one: its ARN.
   * CloudWatch alarms publish only to a topic of their own region.
   * @default - a new encrypted topic
   */
  readonly topicArn?: string
  /**
   * An address the new topic sends each alarm to (SNS asks it to confirm first).
   * @default - none: subscribe to the topic yourself
   */
  readonly email?: string
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/
/** Loose on purpose: SNS checks the address itself; this catches a key given the wrong value. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/**
 * Throws an InvalidPropError naming the first prop that cannot be used: a topic ARN that is
 * not an SNS topic's of `region`, an address that is not one, or both a topic and an address
 * (the address would subscribe to a topic this stack does not own).
 */
export function checkAlarmTopicProps(
  props: Pick<AlarmTopicProps, 'topicArn' | 'email'>,
  region?: string,
): void {
  const { topicArn, email } = props
  if (topicArn !== undefined && !Token.isUnresolved(topicArn)) {
    const topicRegion = TOPIC_ARN.exec(topicArn)?.[1]
    if (topicRegion === undefined) {
      throw new InvalidPropError(
        'alarmTopicArn',
        `expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got "${topicArn}".`,
      )
    }
    if (region !== undefined && !Token.isUnresolved(region) && topicRegion !== region) {
      throw new InvalidPropError(
        'alarmTopicArn',
        `the alarms of ${region} can notify only a topic of ${region}, not one of ${topicRegion}.`,
      )
    }
  }
  if (email !== undefined && !Token.isUnresolved(email) && !EMAIL.test(email)) {
    throw new InvalidPropError('alarmEmail', `expected an email address, got "${email}".`)
  }
  if (topicArn !== undefined && email !== undefined) {
    throw new InvalidPropError(
      'alarmEmail',
      'set either alarmEmail (a new topic) or alarmTopicArn (your topic: subscribe to it yourself), not both.',
    )
  }
}

/**
 * The SNS topic the alarms notify: the one given by ARN, or a new one, encrypted with a
 * customer managed key that CloudWatch may use (an AWS managed SNS key would not let
 * CloudWatch publish), and refusing anything but TLS.
 *
 * @example
 * new AlarmTopic(stack, 'AlarmTopic', { topicName: 'DynamoDBManager-dev-alarms', email: 'ops@example.com' })
 */
export class AlarmTopic extends Construct {
  public readonly topic: ITopic
  /** Set when this construct creates the topic. */
  public readonly key: Key | undefined

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id)
    checkAlarmTopicProps(props, Stack.of(this).region)
    if (props.topicArn !== undefined) {
      this.topic = Topic.fromTopicArn(this, 'Topic', props.topicArn)
      return
    }
    this.key = new Key(this, 'Key', {
      description: `Encrypts the SNS topic ${props.topicName} (alarm notifications)`,
      enableKeyRotation: true,
    })
    // CloudWatch publishes to the encrypted topic with this key, for this account's alarms only.
    const stack = Stack.of(this)
    const alarmsOfThisAccount = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
      },
    }
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: alarmsOfThisAccount,
      }),
    )
    const topic = new Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: props.topicName,
      masterKey: this.key,
      enforceSSL: true,
    })
    // A topic policy replaces SNS's default one: CloudWatch must be let in by name.
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: alarmsOfThisAccount,
      }),
    )
    if (props.email !== undefined) topic.addSubscription(new EmailSubscription(props.email))
    this.topic = topic
  }
}

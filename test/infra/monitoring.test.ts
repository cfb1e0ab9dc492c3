import { readFileSync } from 'node:fs'
import { Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { addLabStacks } from '../../infra/lab-app.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { testApp } from '../support/cdk.js'
import { labStacks, singleTemplate } from './lab-stacks.js'
import { multiRegion } from './settings/contexts.js'

/** The alarms every region has, whatever the settings. */
const EVERY_REGION = [
  'Api5xxRate',
  'ApiLatencyP99',
  'LambdaErrors',
  'LambdaThrottles',
  'DurationNearTimeout',
  'DynamoDbThrottles',
  'DynamoDbSystemErrors',
  'ServerErrors',
]

type Resource = { Properties: Record<string, unknown> }

function alarmsByName(template: Template): Map<string, Resource> {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[]
  return new Map(alarms.map((alarm) => [String(alarm.Properties.AlarmName), alarm]))
}

function alarmNamed(template: Template, name: string): Resource {
  return alarmsByName(template).get(name) ?? expect.fail(`no alarm named ${name}`)
}

/** The dashboard's body as text: a join of strings and references. */
function dashboardBody(template: Template): string {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))
  return JSON.stringify((dashboard as Resource | undefined)?.Properties.DashboardBody)
}

function stacksOf(context: Record<string, unknown>): Map<string, Stack> {
  const app = testApp({ ...context })
  addLabStacks(
    app,
    readLabSettings((key) => app.node.tryGetContext(key)),
  )
  return new Map(app.node.children.filter(Stack.isStack).map((stack) => [stack.stackName, stack]))
}

describe('the alarms of the single-region stack', () => {
  const template = singleTemplate()

  it('has each alarm, named for the stack, notifying the topic on ALARM and on OK', () => {
    const alarms = alarmsByName(template)

    expect([...alarms.keys()].sort()).toEqual(
      EVERY_REGION.map((name) => `DynamoDBManager-${name}`).sort(),
    )
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'))
    for (const alarm of alarms.values()) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }])
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }])
    }
  })

  it('alarms on the 5XX rate only over minutes with enough requests, at the default 5%', () => {
    const alarm = alarmNamed(template, 'DynamoDBManager-Api5xxRate')

    expect(alarm.Properties.Threshold).toBe(5)
    expect(JSON.stringify(alarm.Properties.Metrics)).toContain(
      'IF(requests >= 10, 100 * errors / requests, 0)',
    )
    expect(JSON.stringify(alarm.Properties.Metrics)).toContain('5XXError')
  })

  it('alarms on the p99 latency, and on an invocation at 80% of the 15 s timeout', () => {
    expect(alarmNamed(template, 'DynamoDBManager-ApiLatencyP99').Properties).toMatchObject({
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 2000,
    })
    expect(alarmNamed(template, 'DynamoDBManager-DurationNearTimeout').Properties).toMatchObject({
      MetricName: 'Duration',
      Statistic: 'Maximum',
      Threshold: 12_000,
    })
  })

  it("watches the handler's own ServerErrors of the whole function, in its namespace", () => {
    // The function writes each metric by service alone too: that one covers every operation.
    const alarm = alarmNamed(template, 'DynamoDBManager-ServerErrors').Properties

    expect(JSON.stringify(alarm)).toContain('"MetricName":"ServerErrors"')
    expect(JSON.stringify(alarm)).toContain('"Namespace":"ServerlessLab"')
    expect(JSON.stringify(alarm)).toContain('[{"Name":"service","Value":"serverless-lab"}]')
  })

  it('watches DynamoDB throttles and system errors of each operation the handler calls', () => {
    const throttles = JSON.stringify(
      alarmNamed(template, 'DynamoDBManager-DynamoDbThrottles').Properties.Metrics,
    )

    for (const operation of ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Scan', 'Query']) {
      expect(throttles).toContain(`{"Name":"Operation","Value":"${operation}"}`)
    }
    expect(throttles).toContain('ThrottledRequests')
    expect(JSON.stringify(alarmNamed(template, 'DynamoDBManager-DynamoDbSystemErrors'))).toContain(
      'SystemErrors',
    )
  })

  it('takes thresholds and the namespace from settings', () => {
    const custom = singleTemplate({
      alarmApiLatencyP99Ms: '500',
      alarmServerErrors: '3',
      metricsNamespace: 'Lab/Custom',
    })

    expect(alarmNamed(custom, 'DynamoDBManager-ApiLatencyP99').Properties.Threshold).toBe(500)
    const serverErrors = alarmNamed(custom, 'DynamoDBManager-ServerErrors')
    expect(serverErrors.Properties.Threshold).toBe(3)
    expect(JSON.stringify(serverErrors.Properties.Metrics)).toContain('"Namespace":"Lab/Custom"')
  })

  it('alarms on concurrency near the reservation only when there is one', () => {
    const reserved = singleTemplate({ reservedConcurrency: '10' })

    expect(
      alarmNamed(reserved, 'DynamoDBManager-ConcurrencyNearReservation').Properties,
    ).toMatchObject({
      MetricName: 'ConcurrentExecutions',
      Threshold: 8,
    })
    expect(alarmsByName(template).has('DynamoDBManager-ConcurrencyNearReservation')).toBe(false)
  })

  it('exposes the alarms for a deployment group to roll back on', () => {
    const [stack] = labStacks({ variant: 'single' })

    expect(stack?.monitoring.alarms.map((alarm) => alarm.alarmName)).toHaveLength(
      EVERY_REGION.length,
    )
  })
})

describe('the alarm topic', () => {
  it('is new, encrypted by a rotated key CloudWatch may use, and refuses anything but TLS', () => {
    const template = singleTemplate()

    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'DynamoDBManager-alarms',
      KmsMasterKeyId: Match.anyValue(),
    })
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    })
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    })
    template.resourceCountIs('AWS::SNS::Subscription', 0)
  })

  it('subscribes alarmEmail', () => {
    singleTemplate({ alarmEmail: 'ops@example.com' }).hasResourceProperties(
      'AWS::SNS::Subscription',
      {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      },
    )
  })

  it('is the given topic with alarmTopicArn: no topic or key of its own', () => {
    const arn = 'arn:aws:sns:us-east-1:111122223333:ops-alarms'
    const template = singleTemplate({ alarmTopicArn: arn })

    template.resourceCountIs('AWS::SNS::Topic', 0)
    template.resourceCountIs('AWS::KMS::Key', 0)
    for (const alarm of alarmsByName(template).values()) {
      expect(alarm.Properties.AlarmActions).toEqual([arn])
    }
  })

  it("refuses a topic of another region than the stack's, naming the key", () => {
    expect(() =>
      singleTemplate({ alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops' }),
    ).toThrow(
      /^alarmTopicArn: the alarms of us-east-1 can notify only a topic of us-east-1, not one of eu-west-1/,
    )
  })
})

describe('the dashboard', () => {
  it('shows requests, errors, latency percentiles, Lambda, cold starts and DynamoDB', () => {
    const template = singleTemplate()
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'DynamoDBManager',
    })
    const body = dashboardBody(template)

    for (const title of [
      'Requests',
      '4XX and 5XX answers',
      'API latency p50 / p90 / p99 (ms)',
      'Lambda duration (ms)',
      'Lambda concurrency and throttles',
      'Cold starts',
      'DynamoDB consumed capacity',
      'DynamoDB throttles',
    ]) {
      expect(body).toContain(`\\"title\\":\\"${title}\\"`)
    }
    for (const metric of [
      '4XXError',
      '5XXError',
      'ConcurrentExecutions',
      'ColdStart',
      'ConsumedReadCapacityUnits',
      'ConsumedWriteCapacityUnits',
    ]) {
      expect(body).toContain(`\\"${metric}\\"`)
    }
    for (const statistic of ['p50', 'p90', 'p99'])
      expect(body).toContain(`\\"stat\\":\\"${statistic}\\"`)
    expect(body).not.toContain('HealthCheckStatus')
  })
})

describe('an environment', () => {
  it('names the alarms, the topic and the dashboard for it', () => {
    const template = singleTemplate({ env: 'dev' })

    expect(
      [...alarmsByName(template).keys()].every((name) => name.startsWith('DynamoDBManager-dev-')),
    ).toBe(true)
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'DynamoDBManager-dev-alarms' })
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'DynamoDBManager-dev-us-east-1',
    })
  })
})

describe('the multi-region variant', () => {
  const stacks = stacksOf({ multiRegion })
  const template = (name: string) =>
    Template.fromStack(stacks.get(name) ?? expect.fail(`no stack ${name}`))
  const east = template('DynamoDBManagerGlobal-us-east-1')
  const west = template('DynamoDBManagerGlobal-us-west-2')

  it("alarms on each region's replication to the other", () => {
    for (const [each, stack, receiving] of [
      [east, 'us-east-1', 'us-west-2'],
      [west, 'us-west-2', 'us-east-1'],
    ] as const) {
      const alarm = alarmNamed(each, `DynamoDBManagerGlobal-${stack}-ReplicationLatency`)
      expect(JSON.stringify(alarm.Properties.Metrics)).toContain(
        `{"Name":"ReceivingRegion","Value":"${receiving}"}`,
      )
    }
  })

  it("alarms on us-east-1's health check in its own stack, which rolls back on it", () => {
    const alarm = alarmNamed(east, 'DynamoDBManagerGlobal-us-east-1-HealthCheck')
    const [healthCheckId] = Object.keys(east.findResources('AWS::Route53::HealthCheck'))

    expect(alarm.Properties).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    })
    expect(JSON.stringify(alarm.Properties.Metrics)).toContain(
      `"Metric":{"Dimensions":[{"Name":"HealthCheckId","Value":{"Ref":"${healthCheckId}"}}],"MetricName":"HealthCheckStatus","Namespace":"AWS/Route53"}`,
    )
    const eastStack = stacks.get('DynamoDBManagerGlobal-us-east-1') as unknown as {
      monitoring: { alarms: unknown[] }
    }
    // Every region's alarm, its replication's and its health check's.
    expect(eastStack.monitoring.alarms).toHaveLength(EVERY_REGION.length + 2)
  })

  it("alarms on us-west-2's health check from a stack of us-east-1, with a topic of us-east-1", () => {
    expect(alarmsByName(west).has('DynamoDBManagerGlobal-us-west-2-HealthCheck')).toBe(false)
    const healthStack = stacks.get('DynamoDBManagerGlobal-us-west-2-health-alarm')
    expect(healthStack?.region).toBe('us-east-1')
    const health = template('DynamoDBManagerGlobal-us-west-2-health-alarm')

    const alarm = alarmNamed(health, 'DynamoDBManagerGlobal-us-west-2-HealthCheck')
    const metrics = JSON.stringify(alarm.Properties.Metrics)
    expect(metrics).toContain('"MetricName":"HealthCheckStatus","Namespace":"AWS/Route53"')
    // The id crosses regions as the us-west-2 stack's HealthCheckId output.
    expect(metrics).toContain(
      '{"Fn::GetStackOutput":{"StackName":"DynamoDBManagerGlobal-us-west-2","Region":"us-west-2","OutputName":"HealthCheckId"}}',
    )
    expect(healthStack?.dependencies.map((each) => each.stackName)).toEqual([
      'DynamoDBManagerGlobal-us-west-2',
    ])
    west.hasOutput('HealthCheckId', {
      Value: { Ref: Match.stringLikeRegexp('^FailoverHealthCheck') },
    })
    health.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'DynamoDBManagerGlobal-us-west-2-alarms-health',
    })
  })

  it("draws each region's health check from us-east-1 on its dashboard", () => {
    const body = dashboardBody(west)

    expect(body).toContain('HealthCheckStatus')
    expect(body).toContain('\\"region\\":\\"us-east-1\\"')
  })

  it('takes one topic per region, and names the region a per-region object misses', () => {
    const arn = (region: string) => `arn:aws:sns:${region}:111122223333:ops`
    const perRegion = stacksOf({
      multiRegion,
      alarmTopicArn: { 'us-east-1': arn('us-east-1'), 'us-west-2': arn('us-west-2') },
    })
    const westTemplate = Template.fromStack(
      perRegion.get('DynamoDBManagerGlobal-us-west-2') as Stack,
    )

    expect(
      alarmNamed(westTemplate, 'DynamoDBManagerGlobal-us-west-2-LambdaErrors').Properties
        .AlarmActions,
    ).toEqual([arn('us-west-2')])
    expect(() =>
      stacksOf({ multiRegion, alarmTopicArn: { 'us-east-1': arn('us-east-1') } }),
    ).toThrow(/^alarmTopicArn: names no topic for us-west-2/)
  })
})

describe('the runbook', () => {
  it("has an entry for every alarm, where the alarm's description points", () => {
    const runbook = readFileSync('docs/operations.md', 'utf8')
    const headings = new Set(
      [...runbook.matchAll(/^### (\w+)$/gm)].map((match) => match[1]?.toLowerCase()),
    )
    const descriptions = [...stacksOf({ multiRegion, reservedConcurrency: '10' }).values()]
      .flatMap((stack) => [...alarmsByName(Template.fromStack(stack)).values()])
      .map((alarm) => String(alarm.Properties.AlarmDescription))

    // Every alarm kind, the optional ones included.
    expect(descriptions.length).toBeGreaterThanOrEqual(EVERY_REGION.length + 3)
    for (const description of descriptions) {
      const anchor = /Runbook: docs\/operations\.md#(\w+)$/.exec(description)?.[1]
      expect({ description, found: headings.has(anchor) }).toEqual({ description, found: true })
    }
  })
})

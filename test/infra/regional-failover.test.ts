import { Duration } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway'
import { describe, expect, it } from 'vitest'
import { failoverPlan } from '../../infra/constructs/failover-plan.js'
import { InvalidPropError } from '../../infra/constructs/prop-checks.js'
import {
  RegionalFailover,
  type RegionalFailoverProps,
} from '../../infra/constructs/regional-failover.js'
import { testStack } from '../support/cdk.js'

const certificate = (region: string) =>
  `arn:aws:acm:${region}:111122223333:certificate/00000000-0000-0000-0000-000000000000`

/** The failover of region eu-west-1, the primary of two, in a stack of its own. */
function failoverTemplate(props: Partial<Omit<RegionalFailoverProps, 'api'>> = {}): Template {
  const stack = testStack('eu-west-1')
  const api = new RestApi(stack, 'Api')
  api.root.addResource('health').addMethod('GET', new MockIntegration())
  new RegionalFailover(stack, 'Failover', {
    api,
    domainName: 'api.example.com',
    certificateArn: certificate('eu-west-1'),
    hostedZoneId: 'Z0EXAMPLE',
    hostedZoneName: 'example.com',
    records: failoverPlan(['eu-west-1', 'us-east-1'], 'api.example.com').filter(
      (record) => record.region === 'eu-west-1',
    ),
    ...props,
  })
  return Template.fromStack(stack)
}

describe('RegionalFailover props', () => {
  it('probes every 30 s and gives up after 3 failures by default, or as asked', () => {
    const byDefault = failoverTemplate()
    const asked = failoverTemplate({
      healthCheckInterval: Duration.seconds(10),
      healthCheckFailureThreshold: 10,
    })

    byDefault.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ RequestInterval: 30, FailureThreshold: 3 }),
    })
    asked.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ RequestInterval: 10, FailureThreshold: 10 }),
    })
  })

  it.each([
    [
      { certificateArn: certificate('us-east-1') },
      /^certificateArn: expected an ACM certificate ARN of region eu-west-1 \(arn:aws:acm:eu-west-1:…\)/,
    ],
    [
      { certificateArn: 'arn:aws:iam::111122223333:server-certificate/a' },
      /^certificateArn: expected an ACM certificate ARN of region eu-west-1/,
    ],
    [
      { healthCheckInterval: Duration.seconds(20) },
      /^healthCheckInterval: Route 53 probes every 10 or 30 seconds, not 20\.$/,
    ],
    [
      { healthCheckInterval: Duration.minutes(1) },
      /^healthCheckInterval: Route 53 probes every 10 or 30 seconds, not 60\.$/,
    ],
    [
      { healthCheckFailureThreshold: 11 },
      /^healthCheckFailureThreshold: expected a whole number from 1 to 10, got 11\.$/,
    ],
  ])('refuses what Route 53 or API Gateway would refuse, naming the prop: %o', (props, message) => {
    expect(() => failoverTemplate(props)).toThrow(InvalidPropError)
    expect(() => failoverTemplate(props)).toThrow(message)
  })
})

import { Match, Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { failoverPlan } from '../../infra/constructs/failover-plan.js'
import { addMultiRegionStacks } from '../../infra/lab-app.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { testApp } from '../support/cdk.js'

const certificate = (region: string) =>
  `arn:aws:acm:${region}:111122223333:certificate/00000000-0000-0000-0000-000000000000`

function multiRegionStacks(regions: string[]) {
  const settings = readLabSettings((key) =>
    key === 'multiRegion'
      ? {
          regions,
          domainName: 'api.example.com',
          hostedZoneId: 'Z0EXAMPLE',
          hostedZoneName: 'example.com',
          certificateArns: Object.fromEntries(
            regions.map((region) => [region, certificate(region)]),
          ),
        }
      : undefined,
  )
  if (settings.multiRegion === undefined) throw new Error('multiRegion settings expected')
  return addMultiRegionStacks(testApp(), settings, settings.multiRegion)
}

describe('failoverPlan', () => {
  it('pairs two regions as PRIMARY and SECONDARY of the one name', () => {
    expect(failoverPlan(['us-east-1', 'us-west-2'], 'api.example.com')).toEqual([
      { recordName: 'api.example.com', role: 'PRIMARY', region: 'us-east-1', aliasOf: undefined },
      { recordName: 'api.example.com', role: 'SECONDARY', region: 'us-west-2', aliasOf: undefined },
    ])
  })

  it('chains three regions in order, each SECONDARY but the last aliasing the next link', () => {
    expect(failoverPlan(['eu-west-1', 'eu-central-1', 'us-east-1'], 'api.example.com')).toEqual([
      { recordName: 'api.example.com', role: 'PRIMARY', region: 'eu-west-1', aliasOf: undefined },
      {
        recordName: 'failover-1.api.example.com',
        role: 'PRIMARY',
        region: 'eu-central-1',
        aliasOf: undefined,
      },
      {
        recordName: 'api.example.com',
        role: 'SECONDARY',
        region: 'eu-central-1',
        aliasOf: 'failover-1.api.example.com',
      },
      {
        recordName: 'failover-1.api.example.com',
        role: 'SECONDARY',
        region: 'us-east-1',
        aliasOf: undefined,
      },
    ])
  })

  it('refuses a single region', () => {
    expect(() => failoverPlan(['us-east-1'], 'api.example.com')).toThrow(/at least two regions/)
  })
})

describe('the multi-region variant', () => {
  it('puts the global table in the first region, with a replica in every named region', () => {
    // Act
    const [primary, secondary] = multiRegionStacks(['us-east-1', 'us-west-2'])

    // Assess
    const table = Template.fromStack(primary ?? expect.fail()).findResources(
      'AWS::DynamoDB::GlobalTable',
      { Properties: { TableName: 'lambda-apigateway' } },
    )
    const replicas = Object.values(table).flatMap(
      (each) =>
        (each as { Properties: { Replicas: Array<{ Region: string }> } }).Properties.Replicas,
    )
    expect(replicas.map((each) => each.Region).sort()).toEqual(['us-east-1', 'us-west-2'])
    Template.fromStack(secondary ?? expect.fail()).resourceCountIs('AWS::DynamoDB::GlobalTable', 0)
    expect(secondary?.dependencies).toContain(primary)
  })

  it("runs the function on the region's replica, with a role name of its own region", () => {
    const [, secondary] = multiRegionStacks(['us-east-1', 'us-west-2'])
    const template = Template.fromStack(secondary ?? expect.fail())

    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lambda-apigateway-role-us-west-2',
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'LambdaFunctionOverHttps',
      Environment: { Variables: Match.objectLike({ TABLE_NAME: 'lambda-apigateway' }) },
    })
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'TableItems',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:aws:dynamodb:us-west-2:',
                  { Ref: 'AWS::AccountId' },
                  ':table/lambda-apigateway',
                ],
              ],
            },
          }),
        ]),
      },
    })
  })

  it('gives each region a custom domain of the shared name, with its own certificate, mapped to Prod', () => {
    const stacks = multiRegionStacks(['us-east-1', 'us-west-2'])

    for (const stack of stacks) {
      const template = Template.fromStack(stack)
      template.hasResourceProperties('AWS::ApiGateway::DomainName', {
        DomainName: 'api.example.com',
        EndpointConfiguration: { Types: ['REGIONAL'] },
        RegionalCertificateArn: certificate(stack.region),
        SecurityPolicy: 'TLS_1_2',
      })
      template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', {
        Stage: { Ref: Match.stringLikeRegexp('Prod') },
      })
    }
  })

  it("health-checks each region's own GET /Prod/health and fails DNS over between them", () => {
    // Act
    const stacks = multiRegionStacks(['us-east-1', 'us-west-2'])

    // Assess
    for (const [stack, role] of [
      [stacks[0], 'PRIMARY'],
      [stacks[1], 'SECONDARY'],
    ] as const) {
      const template = Template.fromStack(stack ?? expect.fail())
      const region = stack?.region
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: {
          Type: 'HTTPS_STR_MATCH',
          FullyQualifiedDomainName: {
            'Fn::Join': [
              '',
              [
                { Ref: Match.stringLikeRegexp('^Api') },
                `.execute-api.${region}.`,
                { Ref: 'AWS::URLSuffix' },
              ],
            ],
          },
          ResourcePath: '/Prod/health',
          SearchString: '"status":"ok"',
          Port: 443,
          RequestInterval: 30,
          FailureThreshold: 3,
        },
      })
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'api.example.com.',
        Type: 'A',
        HostedZoneId: 'Z0EXAMPLE',
        Failover: role,
        HealthCheckId: { Ref: Match.stringLikeRegexp('HealthCheck') },
        AliasTarget: {
          DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Domain'), 'RegionalDomainName'] },
          HostedZoneId: {
            'Fn::GetAtt': [Match.stringLikeRegexp('Domain'), 'RegionalHostedZoneId'],
          },
          EvaluateTargetHealth: true,
        },
      })
    }
  })

  it('links a middle region into the chain with an alias that follows the next link’s health', () => {
    const [, middle] = multiRegionStacks(['eu-west-1', 'eu-central-1', 'us-east-1'])

    Template.fromStack(middle ?? expect.fail()).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Failover: 'SECONDARY',
      HealthCheckId: Match.absent(),
      AliasTarget: {
        DNSName: 'failover-1.api.example.com',
        HostedZoneId: 'Z0EXAMPLE',
        EvaluateTargetHealth: true,
      },
    })
  })

  it('creates a chain link before the alias that points to it, so that Route 53 accepts the alias', () => {
    // Prepare
    const [, middle] = multiRegionStacks(['eu-west-1', 'eu-central-1', 'us-east-1'])
    const records = Template.fromStack(middle ?? expect.fail()).findResources(
      'AWS::Route53::RecordSet',
    )

    // Act
    const byName = (name: string, alias: boolean) =>
      Object.entries(records).find(
        ([, resource]) =>
          (resource as { Properties: { Name: string; AliasTarget: { DNSName: string } } })
            .Properties.Name === name &&
          ((resource as { Properties: { AliasTarget: { DNSName: string } } }).Properties.AliasTarget
            .DNSName ===
            'failover-1.api.example.com') ===
            alias,
      )
    const [linkId] = byName('failover-1.api.example.com.', false) ?? expect.fail()
    const [, alias] = byName('api.example.com.', true) ?? expect.fail()

    // Assess
    expect((alias as { DependsOn?: string[] }).DependsOn).toContain(linkId)
  })
})

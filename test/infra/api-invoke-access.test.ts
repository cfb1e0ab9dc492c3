import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { checkInvokePrincipal } from '../../infra/constructs/api-invoke-access.js'
import { InvalidPropError } from '../../infra/constructs/prop-checks.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { SettingsError } from '../../infra/settings/settings-reader.js'
import { onlyResource } from '../support/cdk.js'
import { singleTemplate } from './lab-stacks.js'
import { contextOf } from './settings/contexts.js'

/** The execute-api ARN of one route of the stage Prod of the stack's API. */
function routeArn(route: string) {
  return {
    'Fn::Join': [
      '',
      [
        'arn:aws:execute-api:us-east-1:',
        { Ref: 'AWS::AccountId' },
        ':',
        { Ref: Match.stringLikeRegexp('^Api[0-9A-F]{8}$') },
        `/Prod/${route}`,
      ],
    ],
  }
}

describe('the invoke policy', () => {
  it('allows execute-api:Invoke on exactly the two routes of the Prod stage, and nothing else', () => {
    // Act
    const template = singleTemplate({ env: 'dev' })

    // Assess
    const policy = onlyResource(template, 'AWS::IAM::ManagedPolicy')
    expect(policy.Properties).toEqual({
      ManagedPolicyName: 'DynamoDBManagerInvoke-dev-us-east-1',
      Description: expect.stringContaining('DynamoDBOperations-dev'),
      Path: '/',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'InvokeRoutes',
            Effect: 'Allow',
            Action: 'execute-api:Invoke',
            Resource: [expect.anything(), expect.anything()],
          },
        ],
      },
    })
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            // In the order iam:minimizePolicies sorts them into.
            Resource: [routeArn('GET/health'), routeArn('POST/DynamoDBManager')],
          }),
        ],
      },
    })
  })

  it('names the API the stack creates, not another', () => {
    const template = singleTemplate()
    const restApiId = Object.keys(template.findResources('AWS::ApiGateway::RestApi'))[0]
    const policy = JSON.stringify(onlyResource(template, 'AWS::IAM::ManagedPolicy').Properties)

    expect(policy.match(/"Ref":"Api[0-9A-F]{8}"/g)).toEqual([
      `"Ref":"${restApiId}"`,
      `"Ref":"${restApiId}"`,
    ])
  })

  it('is attached to nothing, and there is no invoke role, without an invoke principal', () => {
    const template = singleTemplate()

    template.resourcePropertiesCountIs(
      'AWS::IAM::Role',
      { RoleName: Match.stringLikeRegexp('Invoker') },
      0,
    )
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toMatch(/InvokePolicy/)
  })
})

describe('the invoke role', () => {
  it('is assumable by the account given, and holds the invoke policy only', () => {
    // Act
    const template = singleTemplate({ invokePrincipal: '123456789012' })

    // Assess
    const role = onlyResource(template, 'AWS::IAM::Role', {
      Properties: { RoleName: 'DynamoDBManagerInvoker-us-east-1' },
    })
    expect(role.Properties).toMatchObject({
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: {
              AWS: 'arn:aws:iam::123456789012:root',
            },
          },
        ],
      },
      ManagedPolicyArns: [{ Ref: expect.stringMatching(/^InvokePolicy[0-9A-F]{8}$/) }],
    })
    expect(role.Properties.Policies).toBeUndefined()
  })

  it('is assumable by exactly the role ARN given', () => {
    const arn = 'arn:aws:iam::123456789012:role/ci/deployer'
    const template = singleTemplate({ invokePrincipal: arn, env: 'prod' })

    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'DynamoDBManagerInvoker-prod-us-east-1',
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: arn } }],
      },
    })
  })

  it.each([
    '123456789012',
    'arn:aws:iam::123456789012:role/x',
    'arn:aws:iam::123456789012:user/team/alice',
    'arn:aws-cn:iam::123456789012:role/x',
  ])('takes %s as the invoke principal', (principal) => {
    expect(() => checkInvokePrincipal(principal)).not.toThrow()
  })

  it.each([
    '12345678901',
    'alice',
    'arn:aws:iam::123456789012:root',
    'arn:aws:iam::123456789012:group/admins',
    'arn:aws:sts::123456789012:assumed-role/x/session',
    '*',
  ])('refuses %s in one line naming the key and what to write', (principal) => {
    expect(() => checkInvokePrincipal(principal)).toThrow(InvalidPropError)
    expect(() => readLabSettings(contextOf({ invokePrincipal: principal }))).toThrow(SettingsError)
    expect(() => readLabSettings(contextOf({ invokePrincipal: principal }))).toThrow(
      /^invokePrincipal: expected a 12-digit account id \(123456789012\) or an IAM role or user ARN \(arn:aws:iam::123456789012:role\/name\), got ".*"\.$/,
    )
  })
})

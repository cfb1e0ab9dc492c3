import { Match, type Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { labTemplates, singleTemplate } from './lab-stacks.js'
import { contextOf } from './settings/contexts.js'

interface Resource {
  Type: string
  Condition?: string
  DependsOn?: string[]
  DeletionPolicy?: string
  Metadata?: Record<string, unknown>
  Properties?: Record<string, unknown>
}

function resources(template: Template): Record<string, Resource> {
  return template.toJSON().Resources as Record<string, Resource>
}

/** The logical id of the one resource of a type (and properties). */
function idOf(template: Template, type: string, props: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, props))
  expect(ids, type).toHaveLength(1)
  return ids[0] ?? ''
}

const API_GATEWAY_ROLE = {
  Properties: {
    AssumeRolePolicyDocument: {
      Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
    },
  },
}

describe("API Gateway's account CloudWatch role, auto (the default)", () => {
  it('asks for the parameter preflight sets, create by default, and a condition on it', () => {
    // Act
    const json = singleTemplate().toJSON()

    // Assess
    expect(json.Parameters.ApiGatewayAccountRole).toEqual({
      Type: 'String',
      AllowedValues: ['create', 'keep'],
      Default: 'create',
      Description: expect.stringMatching(/npm run deploy's preflight sets it/),
    })
    expect(json.Conditions).toEqual({
      CreateApiGatewayAccountRole: { 'Fn::Equals': [{ Ref: 'ApiGatewayAccountRole' }, 'create'] },
    })
  })

  it('creates the role, the account setting and their output only under the condition, kept on destroy', () => {
    // Act
    const template = singleTemplate()

    // Assess
    const roleId = idOf(template, 'AWS::IAM::Role', API_GATEWAY_ROLE)
    const accountId = idOf(template, 'AWS::ApiGateway::Account')
    const all = resources(template)
    expect(all[roleId]).toMatchObject({
      Condition: 'CreateApiGatewayAccountRole',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        ManagedPolicyArns: [
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
              ],
            ],
          },
        ],
      },
    })
    expect(all[accountId]).toMatchObject({
      Condition: 'CreateApiGatewayAccountRole',
      DeletionPolicy: 'Retain',
      Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } },
    })
    expect(template.toJSON().Outputs.ApiGatewayAccountRoleArn).toEqual({
      Condition: 'CreateApiGatewayAccountRole',
      Value: { 'Fn::GetAtt': [roleId, 'Arn'] },
      Description: expect.stringMatching(
        /stays after cdk destroy.*account setting keeps pointing at it/,
      ),
    })
  })

  it('makes the stage wait for the account setting by a conditional reference, never a DependsOn', () => {
    // Act
    const template = singleTemplate()

    // Assess
    const accountId = idOf(template, 'AWS::ApiGateway::Account')
    const stage = resources(template)[idOf(template, 'AWS::ApiGateway::Stage')]
    expect(stage?.Metadata).toEqual({
      WaitsForApiGatewayAccount: {
        'Fn::If': ['CreateApiGatewayAccountRole', { Ref: accountId }, { Ref: 'AWS::NoValue' }],
      },
    })
    expect(stage?.DependsOn ?? []).not.toContain(accountId)
  })
})

describe("API Gateway's account CloudWatch role, true and false", () => {
  it('true: creates the role and the setting with no parameter or condition; the stage depends on it', () => {
    // Act
    const template = singleTemplate({ apiGatewayCloudWatchRole: 'true' })

    // Assess
    const json = template.toJSON()
    expect(json.Parameters.ApiGatewayAccountRole).toBeUndefined()
    expect(json.Conditions).toBeUndefined()
    const accountId = idOf(template, 'AWS::ApiGateway::Account')
    const roleId = idOf(template, 'AWS::IAM::Role', API_GATEWAY_ROLE)
    const all = resources(template)
    expect(all[roleId]?.Condition).toBeUndefined()
    expect(all[accountId]).toMatchObject({ DeletionPolicy: 'Retain' })
    expect(all[accountId]?.Condition).toBeUndefined()
    const stage = resources(template)[idOf(template, 'AWS::ApiGateway::Stage')]
    expect(stage?.DependsOn).toContain(accountId)
    expect(stage?.Metadata).toBeUndefined()
    expect(json.Outputs.ApiGatewayAccountRoleArn).toEqual({
      Value: { 'Fn::GetAtt': [roleId, 'Arn'] },
      Description: expect.any(String),
    })
  })

  it('false: leaves the account setting alone: no role, no setting, no parameter, no output', () => {
    // Act
    const template = singleTemplate({ apiGatewayCloudWatchRole: false })

    // Assess
    const json = template.toJSON()
    template.resourceCountIs('AWS::ApiGateway::Account', 0)
    expect(Object.keys(template.findResources('AWS::IAM::Role', API_GATEWAY_ROLE))).toEqual([])
    expect(json.Parameters.ApiGatewayAccountRole).toBeUndefined()
    expect(json.Conditions).toBeUndefined()
    expect(json.Outputs.ApiGatewayAccountRoleArn).toBeUndefined()
  })

  it.each([
    ['auto', 'auto'],
    ['true', true],
    [true, true],
    ['false', false],
    [false, false],
  ] as const)('reads the setting %j as %j', (value, expected) => {
    expect(
      readLabSettings(contextOf({ apiGatewayCloudWatchRole: value })).apiGatewayCloudWatchRole,
    ).toBe(expected)
  })

  it('refuses any other value in one line naming the key and the three values', () => {
    expect(() => readLabSettings(contextOf({ apiGatewayCloudWatchRole: 'yes' }))).toThrow(
      /^apiGatewayCloudWatchRole: expected one of auto, true, false, got "yes"\.$/,
    )
  })
})

describe('conditional resources', () => {
  it.each(['auto', 'true', 'false'])(
    'are never the target of a DependsOn of a resource without their condition (%s)',
    (mode) => {
      for (const template of labTemplates({ apiGatewayCloudWatchRole: mode }).values()) {
        const all = resources(template)
        for (const [id, resource] of Object.entries(all)) {
          for (const target of resource.DependsOn ?? []) {
            const condition = all[target]?.Condition
            if (condition !== undefined)
              expect({ id, condition: resource.Condition }).toEqual({ id, condition })
          }
        }
      }
    },
  )
})

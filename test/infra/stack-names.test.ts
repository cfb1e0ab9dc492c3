import { Match, Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { addLabStacks } from '../../infra/lab-app.js'
import { preflightPlan } from '../../infra/preflight/plan.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { testApp } from '../support/cdk.js'
import { labStacks, labTemplates } from './lab-stacks.js'
import { contextOf, multiRegion } from './settings/contexts.js'

/**
 * Names that live inside another resource (a stage or model of one API, an inline policy of
 * one role, an alias of one function), that the settings give (the custom domain and its
 * records), or that name something AWS made (a built-in deployment config): they cannot
 * collide across environments, so they need not carry one.
 */
const SCOPED_NAMES = new Set([
  'AWS::ApiGateway::Stage.StageName',
  'AWS::ApiGateway::Method.OperationName',
  'AWS::ApiGateway::Model.Name',
  'AWS::ApiGateway::RequestValidator.Name',
  'AWS::IAM::Policy.PolicyName',
  'AWS::ApiGateway::DomainName.DomainName',
  'AWS::Route53::RecordSet.Name',
  // Not names of a resource: the metric an alarm watches, a topic's label in messages.
  'AWS::CloudWatch::Alarm.MetricName',
  'AWS::SNS::Topic.DisplayName',
  'AWS::Lambda::Alias.Name',
  'AWS::CodeDeploy::DeploymentGroup.DeploymentConfigName',
])

/** Each alarm's name: several in a stack, each `<stack>-<alarm>`. */
const ALARM_NAME = 'AWS::CloudWatch::Alarm.AlarmName'

/** Every literal `…Name` property of the template's resources, as `Type.Property` → value. */
function namesIn(template: Template): Array<[string, string]> {
  const resources = Object.values(template.toJSON().Resources) as Array<{
    Type: string
    Properties?: Record<string, unknown>
  }>
  return resources.flatMap(({ Type, Properties = {} }) =>
    Object.entries(Properties)
      .filter(([key, value]) => key.endsWith('Name') && typeof value === 'string')
      .map(([key, value]): [string, string] => [`${Type}.${key}`, value as string]),
  )
}

/** One named resource's name in a template: fails unless exactly one has it. */
function nameOf(template: Template, property: string): string {
  const names = namesIn(template).filter(([key]) => key === property)
  expect(names, property).toHaveLength(1)
  return names[0]?.[1] ?? ''
}

describe('the names of the stacks and their resources', () => {
  it("keeps the original lab's names without env", () => {
    // Act
    const templates = labTemplates({ auth: 'apiKey' })

    // Assess
    expect([...templates.keys()]).toEqual([
      'DynamoDBManager',
      'DynamoDBManagerGlobal-us-east-1',
      'DynamoDBManagerGlobal-us-west-2',
    ])
    const single = templates.get('DynamoDBManager') ?? expect.fail()
    const alarmNames = namesIn(single).filter(([key]) => key === ALARM_NAME)
    expect(alarmNames.length).toBeGreaterThan(0)
    for (const [, name] of alarmNames) expect(name).toMatch(/^DynamoDBManager-[A-Za-z0-9]+$/)
    const others = namesIn(single).filter(([key]) => !SCOPED_NAMES.has(key) && key !== ALARM_NAME)
    expect(Object.fromEntries(others)).toEqual({
      'AWS::DynamoDB::GlobalTable.TableName': 'lambda-apigateway',
      'AWS::Lambda::Function.FunctionName': 'LambdaFunctionOverHttps',
      'AWS::Logs::LogGroup.LogGroupName': '/aws/lambda/LambdaFunctionOverHttps',
      'AWS::IAM::Role.RoleName': 'lambda-apigateway-role',
      'AWS::ApiGateway::RestApi.Name': 'DynamoDBOperations',
      'AWS::ApiGateway::UsagePlan.UsagePlanName': 'DynamoDBOperations-clients',
      'AWS::IAM::ManagedPolicy.ManagedPolicyName': 'DynamoDBManagerInvoke-us-east-1',
      'AWS::SNS::Topic.TopicName': 'DynamoDBManager-alarms',
      'AWS::CloudWatch::Dashboard.DashboardName': 'DynamoDBManager',
      'AWS::CodeDeploy::Application.ApplicationName': 'DynamoDBManager',
      'AWS::CodeDeploy::DeploymentGroup.DeploymentGroupName': 'DynamoDBManagerLive',
    })
  })

  it('puts the environment in every stack name and every name a stack gives, single and multi', () => {
    // Act
    const templates = labTemplates({
      env: 'dev',
      auth: 'apiKey',
      invokePrincipal: '123456789012',
      waf: true,
    })

    // Assess
    expect([...templates.keys()]).toEqual([
      'DynamoDBManager-dev',
      'DynamoDBManagerGlobal-dev-us-east-1',
      'DynamoDBManagerGlobal-dev-us-west-2',
    ])
    for (const [stackName, template] of templates) {
      const names = namesIn(template).filter(([key]) => !SCOPED_NAMES.has(key))
      expect(names.length, stackName).toBeGreaterThanOrEqual(7)
      for (const [key, name] of names)
        expect({ key, name }).toEqual({ key, name: expect.stringContaining('dev') })
    }
    const single = templates.get('DynamoDBManager-dev') ?? expect.fail()
    expect(nameOf(single, 'AWS::DynamoDB::GlobalTable.TableName')).toBe('lambda-apigateway-dev')
    expect(nameOf(single, 'AWS::Lambda::Function.FunctionName')).toBe('LambdaFunctionOverHttps-dev')
    expect(nameOf(single, 'AWS::Logs::LogGroup.LogGroupName')).toBe(
      '/aws/lambda/LambdaFunctionOverHttps-dev',
    )
    expect(nameOf(single, 'AWS::ApiGateway::RestApi.Name')).toBe('DynamoDBOperations-dev')
    expect(nameOf(single, 'AWS::ApiGateway::UsagePlan.UsagePlanName')).toBe(
      'DynamoDBOperations-dev-clients',
    )
    expect(nameOf(single, 'AWS::CodeDeploy::Application.ApplicationName')).toBe(
      'DynamoDBManager-dev',
    )
    expect(nameOf(single, 'AWS::CodeDeploy::DeploymentGroup.DeploymentGroupName')).toBe(
      'DynamoDBManagerLive-dev',
    )
    expect(nameOf(single, 'AWS::WAFv2::WebACL.Name')).toBe('DynamoDBManagerWaf-dev')
    const roleNames = namesIn(single)
      .filter(([key]) => key === 'AWS::IAM::Role.RoleName')
      .map(([, name]) => name)
    expect(roleNames.sort()).toEqual([
      'DynamoDBManagerInvoker-dev-us-east-1',
      'lambda-apigateway-role-dev-us-east-1',
    ])
  })

  it("gives each region's stack its own role, one table name for the global table", () => {
    // Act
    const [, east, west] = labStacks({ env: 'dev' })

    // Assess
    expect(east?.names).toMatchObject({
      role: 'lambda-apigateway-role-dev-us-east-1',
      table: 'lambda-apigateway-dev',
    })
    expect(west?.names).toMatchObject({
      role: 'lambda-apigateway-role-dev-us-west-2',
      table: 'lambda-apigateway-dev',
    })
    // The replica's stack creates no table; its function uses the global table by name.
    const replica = Template.fromStack(west ?? expect.fail())
    replica.resourceCountIs('AWS::DynamoDB::GlobalTable', 0)
    replica.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'LambdaFunctionOverHttps-dev',
      Environment: { Variables: Match.objectLike({ TABLE_NAME: 'lambda-apigateway-dev' }) },
    })
    replica.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/LambdaFunctionOverHttps-dev',
    })
  })

  it.each(['single', 'multi'])(
    'are the names preflight looks up before a deploy (%s)',
    (variant) => {
      // Prepare
      const context = contextOf({ env: 'dev', variant, multiRegion })
      const settings = readLabSettings(context)

      // Act
      const plan = preflightPlan(settings, context, { importExistingResources: false })
      const stacks = addLabStacks(testApp(), settings)

      // Assess
      expect(plan.stacks.map(({ stackName, names }) => ({ stackName, names }))).toEqual(
        stacks.map(({ stackName, names }) => ({ stackName, names })),
      )
    },
  )
})

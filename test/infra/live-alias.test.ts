import type { Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { Alarm, ComparisonOperator, type IAlarm } from 'aws-cdk-lib/aws-cloudwatch'
import type { CfnAlias } from 'aws-cdk-lib/aws-lambda'
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  Deployment,
  defaultDeployment,
  LiveAlias,
  MAX_ROLLBACK_ALARMS,
} from '../../infra/constructs/live-alias.js'
import { InvalidPropError } from '../../infra/constructs/prop-checks.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { SettingsError } from '../../infra/settings/settings-reader.js'
import type { DynamoDBManagerStack } from '../../infra/stacks/dynamodb-manager-stack.js'
import { onlyResource, testStack } from '../support/cdk.js'
import { labStacks } from './lab-stacks.js'
import { contextOf } from './settings/contexts.js'

const CANARY = 'CodeDeployDefault.LambdaCanary10Percent5Minutes'
const ALL_AT_ONCE = 'CodeDeployDefault.LambdaAllAtOnce'

function errorAlarm(stack: Stack, fn: LambdaFunction, id: string): IAlarm {
  return new Alarm(stack, id, {
    metric: fn.metricErrors(),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  })
}

/** A function and its LiveAlias; `alarms` makes that many test alarms for it. */
function liveAliasTemplate(deployment?: Deployment, alarms = 0, laterAlarms = 0): Template {
  const stack = testStack('eu-west-1')
  const fn = new LambdaFunction(stack, 'Handler', {
    code: Code.fromInline('export const handler = async () => ({})'),
    handler: 'index.handler',
    runtime: Runtime.NODEJS_24_X,
  })
  const given = Array.from({ length: alarms }, (_, index) => errorAlarm(stack, fn, `Alarm${index}`))
  const live = new LiveAlias(stack, 'Live', { fn, deployment, alarms: given })
  for (let index = 0; index < laterAlarms; index++)
    live.addAlarm(errorAlarm(stack, fn, `Later${index}`))
  return Template.fromStack(stack)
}

/** The logical ids each resource waits for: its Ref, GetAtt, DependsOn and UpdatePolicy. */
function dependenciesOf(template: Template): Map<string, Set<string>> {
  const resources = template.toJSON().Resources as Record<string, Record<string, unknown>>
  const ids = new Set(Object.keys(resources))
  return new Map(
    Object.entries(resources).map(([id, resource]) => {
      const text = JSON.stringify([resource.Properties, resource.UpdatePolicy, resource.DependsOn])
      const named = [...text.matchAll(/"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"|"([A-Za-z0-9]+)"/g)]
        .map((match) => match[1] ?? match[2] ?? '')
        .filter((name) => ids.has(name) && name !== id)
      return [id, new Set(named)]
    }),
  )
}

/** A loop of resources that wait for each other, if any: CloudFormation refuses one. */
function cycleIn(template: Template): string[] | undefined {
  const edges = dependenciesOf(template)
  const done = new Set<string>()
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (path.includes(id)) return [...path.slice(path.indexOf(id)), id]
    if (done.has(id)) return undefined
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next, [...path, id])
      if (cycle) return cycle
    }
    done.add(id)
    return undefined
  }
  for (const id of edges.keys()) {
    const cycle = visit(id, [])
    if (cycle) return cycle
  }
  return undefined
}

const aliasRef = (stack: DynamoDBManagerStack) => ({
  Ref: stack.getLogicalId(stack.live.alias.node.defaultChild as CfnAlias),
})

describe('LiveAlias', () => {
  it('points the live alias at a published version of the function', () => {
    const template = liveAliasTemplate()

    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionName: { Ref: Match.stringLikeRegexp('^Handler') },
      FunctionVersion: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^HandlerCurrentVersion'), 'Version'],
      },
    })
    // Kept when replaced: a rollback points the alias back at the previous version.
    template.hasResource('AWS::Lambda::Version', { DeletionPolicy: 'Retain' })
  })

  it('hands the alias’s updates to CodeDeploy', () => {
    const template = liveAliasTemplate()

    template.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: {
        CodeDeployLambdaAliasUpdate: {
          ApplicationName: { Ref: Match.stringLikeRegexp('^LiveApplication') },
          DeploymentGroupName: { Ref: Match.stringLikeRegexp('^LiveDeploymentGroup') },
        },
      },
    })
  })

  it.each([
    [Deployment.Canary, CANARY],
    [Deployment.AllAtOnce, ALL_AT_ONCE],
    [undefined, ALL_AT_ONCE],
  ])('shifts traffic by deployment %s', (deployment, config) => {
    liveAliasTemplate(deployment).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: config,
    })
  })

  it('lists every alarm, given or added later, and rolls back on any of them', () => {
    const group = onlyResource(
      liveAliasTemplate(Deployment.Canary, 2, 1),
      'AWS::CodeDeploy::DeploymentGroup',
    )

    expect(group.Properties.AlarmConfiguration).toEqual({
      Enabled: true,
      Alarms: [
        { Name: { Ref: expect.stringMatching(/^Alarm0/) } },
        { Name: { Ref: expect.stringMatching(/^Alarm1/) } },
        { Name: { Ref: expect.stringMatching(/^Later0/) } },
      ],
    })
    expect(group.Properties.AutoRollbackConfiguration).toEqual({
      Enabled: true,
      Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
    })
  })

  it('refuses more alarms than CodeDeploy takes, given or added', () => {
    expect(() => liveAliasTemplate(Deployment.Canary, MAX_ROLLBACK_ALARMS + 1)).toThrow(
      InvalidPropError,
    )
    expect(() => liveAliasTemplate(Deployment.Canary, MAX_ROLLBACK_ALARMS, 1)).toThrow(
      /at most 10 alarms/,
    )
    expect(() => liveAliasTemplate(Deployment.Canary, MAX_ROLLBACK_ALARMS)).not.toThrow()
  })

  it('without alarms, still rolls back a failed deployment', () => {
    const group = onlyResource(
      liveAliasTemplate(Deployment.Canary),
      'AWS::CodeDeploy::DeploymentGroup',
    )

    expect(group.Properties.AutoRollbackConfiguration).toEqual({
      Enabled: true,
      Events: ['DEPLOYMENT_FAILURE'],
    })
  })
})

describe('the deployment setting', () => {
  it.each([
    [undefined, Deployment.AllAtOnce],
    ['dev', Deployment.AllAtOnce],
    ['prod', Deployment.Canary],
    ['prod-eu', Deployment.AllAtOnce],
  ])('defaults for env %s to %s', (env, deployment) => {
    expect(defaultDeployment(env)).toBe(deployment)
    expect(readLabSettings(contextOf({ env })).deployment).toBe(deployment)
  })

  it('wins over the environment’s default', () => {
    expect(readLabSettings(contextOf({ env: 'prod', deployment: 'allAtOnce' })).deployment).toBe(
      Deployment.AllAtOnce,
    )
    expect(readLabSettings(contextOf({ env: 'dev', deployment: 'canary' })).deployment).toBe(
      Deployment.Canary,
    )
  })

  it('names the key and the choices when malformed', () => {
    expect(() => readLabSettings(contextOf({ deployment: 'blueGreen' }))).toThrow(
      new SettingsError('deployment', 'expected one of canary, allAtOnce, got "blueGreen".'),
    )
  })
})

describe('the stacks’ API and the live alias', () => {
  it.each([
    ['env prod', { env: 'prod' }, CANARY],
    ['env dev', { env: 'dev' }, ALL_AT_ONCE],
    ['env prod, deployment allAtOnce', { env: 'prod', deployment: 'allAtOnce' }, ALL_AT_ONCE],
  ])('gives every region a deployment group (%s)', (_, context, config) => {
    const stacks = labStacks(context)

    expect(stacks).toHaveLength(3)
    for (const stack of stacks) {
      const group = onlyResource(Template.fromStack(stack), 'AWS::CodeDeploy::DeploymentGroup')
      expect(group.Properties.DeploymentConfigName, stack.stackName).toBe(config)
    }
  })

  it('integrates both routes with the alias, never the function itself', () => {
    for (const stack of labStacks()) {
      const template = Template.fromStack(stack)
      const methods = template.findResources('AWS::ApiGateway::Method', {
        Properties: { Integration: { Type: 'AWS_PROXY' } },
      })

      expect(Object.keys(methods), stack.stackName).toHaveLength(2)
      for (const method of Object.values(methods)) {
        const uri = JSON.stringify(method.Properties.Integration.Uri)
        expect(uri).toContain(JSON.stringify(aliasRef(stack)))
        expect(uri).not.toContain('ServiceFunction')
      }
    }
  })

  it('lets API Gateway invoke the alias only', () => {
    for (const stack of labStacks()) {
      const permissions = Template.fromStack(stack).findResources('AWS::Lambda::Permission')

      expect(Object.keys(permissions), stack.stackName).toHaveLength(2)
      for (const permission of Object.values(permissions)) {
        expect(permission.Properties).toMatchObject({
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          FunctionName: aliasRef(stack),
        })
      }
    }
  })

  it('rolls back on every alarm of its region a release can set off, within CodeDeploy’s ten', () => {
    const stacks = labStacks({ env: 'prod', reservedConcurrency: 20 })

    expect(stacks).toHaveLength(3)
    for (const stack of stacks) {
      const template = Template.fromStack(stack)
      const group = onlyResource(template, 'AWS::CodeDeploy::DeploymentGroup')
      const listed = (group.Properties.AlarmConfiguration as { Alarms: Array<{ Name: unknown }> })
        .Alarms
      const expected = stack.monitoring.alarms
        .filter((alarm) => !['DynamoDbSystemErrors', 'ReplicationLatency'].includes(alarm.node.id))
        .map((alarm) => ({ Name: stack.resolve(alarm.alarmName) }))

      expect(listed, stack.stackName).toEqual(expected)
      expect(listed.length).toBeGreaterThanOrEqual(8)
      expect(listed.length).toBeLessThanOrEqual(MAX_ROLLBACK_ALARMS)
      expect(JSON.stringify(listed)).toMatch(/LambdaErrors/)
      expect(JSON.stringify(listed)).not.toMatch(/ReplicationLatency|DynamoDbSystemErrors/)
      expect(group.Properties.AutoRollbackConfiguration).toEqual({
        Enabled: true,
        Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
      })
    }
  })

  it('leaves no loop of resources waiting for each other, alarms and all', () => {
    for (const stack of labStacks({ env: 'prod', waf: true, reservedConcurrency: 20 })) {
      expect(cycleIn(Template.fromStack(stack)), stack.stackName).toBeUndefined()
    }
  })

  it('keeps the reserved concurrency on the function, shared by every version', () => {
    const [single] = labStacks({ variant: 'single', reservedConcurrency: 20 })
    const template = Template.fromStack(single as Stack)

    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 20 })
    template.hasResourceProperties('AWS::Lambda::Alias', {
      ProvisionedConcurrencyConfig: Match.absent(),
    })
  })

  it('publishes a new version when the function’s configuration changes', () => {
    const versionOf = (memorySize: number) => {
      const [single] = labStacks({ variant: 'single', memorySize })
      return Object.keys(Template.fromStack(single as Stack).findResources('AWS::Lambda::Version'))
    }

    expect(versionOf(256)).toHaveLength(1)
    expect(versionOf(512)).not.toEqual(versionOf(256))
  })
})

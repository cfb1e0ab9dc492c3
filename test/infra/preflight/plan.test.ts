import { Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { addLabStacks } from '../../../infra/lab-app.js'
import { REQUIRED_BOOTSTRAP_VERSION } from '../../../infra/preflight/plan.js'
import { readLabSettings } from '../../../infra/settings/lab-settings.js'
import { SettingsError } from '../../../infra/settings/settings-reader.js'
import { HealthCheckAlarmStack } from '../../../infra/stacks/health-check-alarm-stack.js'
import { testApp } from '../../support/cdk.js'
import { contextOf, multiRegion } from '../settings/contexts.js'
import { multiRegionPlan, planFor } from './plans.js'

const EXAMPLE_TABLES_FILE = 'examples/tables.json'

describe('the plan preflight checks', () => {
  it('names what the single-region stack creates, with the environment', () => {
    const plan = planFor({ env: 'dev', region: 'eu-west-1', reservedConcurrency: 20 })

    expect(plan.regions).toEqual(['eu-west-1'])
    expect(plan.stacks).toEqual([
      expect.objectContaining({
        stackName: 'DynamoDBManager-dev',
        region: 'eu-west-1',
        tableRegions: ['eu-west-1'],
        tableImportable: true,
        reservedConcurrency: 20,
      }),
    ])
    expect(plan.stacks[0]?.names).toMatchObject({
      table: 'lambda-apigateway-dev',
      role: 'lambda-apigateway-role-dev-eu-west-1',
      invokePolicy: 'DynamoDBManagerInvoke-dev-eu-west-1',
    })
  })

  it("names every table a tables file declares, each with the environment, and not the lab's", () => {
    const plan = planFor({ env: 'dev', tablesFile: EXAMPLE_TABLES_FILE })

    expect(plan.stacks.map((stack) => stack.tableNames)).toEqual([['orders-dev']])
    expect(planFor().stacks.map((stack) => stack.tableNames)).toEqual([['lambda-apigateway']])
  })

  it('has the primary of the multi-region variant create the global table in every region', () => {
    const plan = multiRegionPlan()

    expect(plan.regions).toEqual(['us-east-1', 'us-west-2'])
    expect(plan.stacks.map((stack) => [stack.stackName, stack.tableRegions])).toEqual([
      ['DynamoDBManagerGlobal-us-east-1', ['us-east-1', 'us-west-2']],
      ['DynamoDBManagerGlobal-us-west-2', []],
    ])
    expect(plan.failover?.records).toEqual([
      { name: 'api.example.com', setIdentifiers: ['primary-us-east-1', 'secondary-us-west-2'] },
    ])
  })

  it('takes the single-region variant only when asked for it by name', () => {
    const plan = planFor({ multiRegion, variant: 'single' })

    expect(plan.stacks.map((stack) => stack.stackName)).toEqual(['DynamoDBManager'])
    expect(plan.failover).toBeUndefined()
  })

  it('refuses variant=all in one line: both variants use the same names', () => {
    expect(() => planFor({ multiRegion, variant: 'all' })).toThrow(SettingsError)
    expect(() => planFor({ multiRegion, variant: 'all' })).toThrow(
      /^variant: "all" builds both variants for checks, and they share their names: deploy one, with -c variant=single or -c variant=multi\.$/,
    )
  })

  it('reads the bootstrap qualifier as the CDK does, from context', () => {
    expect(planFor().bootstrap).toEqual({
      qualifier: 'hnb659fds',
      versionParameter: '/cdk-bootstrap/hnb659fds/version',
      requiredVersion: REQUIRED_BOOTSTRAP_VERSION,
    })
  })
})

/** The app the same context synthesizes, as `cdk deploy` would. */
function synthesized(values: Record<string, unknown>) {
  const app = testApp(values)
  addLabStacks(app, readLabSettings(contextOf(values)))
  // The regional stacks: the plan's. A health check alarm's stack (in us-east-1) is not one.
  const stacks = app.node.children.filter(
    (child): child is Stack => Stack.isStack(child) && !(child instanceof HealthCheckAlarmStack),
  )
  return { assembly: app.synth(), stacks }
}

/** The resources of a type in a template, as [name property, DeletionPolicy]. */
function named(template: Template, type: string, property: string): Array<[unknown, unknown]> {
  return Object.values(template.findResources(type)).map((resource) => [
    (resource.Properties as Record<string, unknown>)[property],
    resource.DeletionPolicy,
  ])
}

describe('the plan agrees with the synthesized app', () => {
  it.each([
    ['single-region', {}],
    [
      'single-region, table destroyed with its stack',
      { removalPolicy: 'destroy', deletionProtection: false },
    ],
    ['multi-region', { multiRegion }],
    ['a tables file, with an environment', { tablesFile: EXAMPLE_TABLES_FILE, env: 'dev' }],
    ['multi-region, a tables file', { multiRegion, tablesFile: EXAMPLE_TABLES_FILE }],
  ])('%s: stacks, regions, names, and which resources CloudFormation could import', (_, values) => {
    const plan = planFor(values)
    const { stacks } = synthesized(values)

    expect(stacks.map((stack) => [stack.stackName, stack.region])).toEqual(
      plan.stacks.map((stack) => [stack.stackName, stack.region]),
    )
    for (const [index, stackPlan] of plan.stacks.entries()) {
      const template = Template.fromStack(stacks[index] as Stack)
      const { names } = stackPlan
      // Import needs a Retain DeletionPolicy: the table's follows removalPolicy.
      const tables = named(template, 'AWS::DynamoDB::GlobalTable', 'TableName')
      expect(tables).toEqual(
        stackPlan.tableRegions.length === 0
          ? []
          : stackPlan.tableNames.map((name) => [
              name,
              stackPlan.tableImportable ? 'Retain' : 'Delete',
            ]),
      )
      expect(named(template, 'AWS::Lambda::Function', 'FunctionName')).toEqual([
        [names.function, undefined],
      ])
      expect(named(template, 'AWS::Logs::LogGroup', 'LogGroupName')).toContainEqual([
        names.functionLogGroup,
        'Retain',
      ])
      expect(named(template, 'AWS::IAM::Role', 'RoleName')).toContainEqual([names.role, undefined])
    }
  })

  it("knows this app's failover records by the set identifiers the stacks give them", () => {
    const plan = multiRegionPlan()
    const { stacks } = synthesized({ multiRegion })

    const identifiers = stacks.flatMap((stack) =>
      Object.values(Template.fromStack(stack).findResources('AWS::Route53::RecordSet')).map(
        (record) => (record.Properties as { SetIdentifier: string }).SetIdentifier,
      ),
    )
    expect(identifiers.sort()).toEqual(
      plan.failover?.records.flatMap((each) => each.setIdentifiers).sort(),
    )
  })

  it("asks for the bootstrap version and parameter the synthesized stacks require (aws-cdk-lib's own)", () => {
    const plan = multiRegionPlan()
    const { assembly } = synthesized({ multiRegion })

    // Two regional stacks, and us-west-2's health check alarm's stack in us-east-1.
    expect(assembly.stacks.length).toBe(3)
    for (const stack of assembly.stacks) {
      expect(stack.requiresBootstrapStackVersion).toBe(plan.bootstrap.requiredVersion)
      expect(stack.bootstrapStackVersionSsmParameter).toBe(plan.bootstrap.versionParameter)
    }
  })
})

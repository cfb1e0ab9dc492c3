import { describe, expect, it } from 'vitest'
import { ENV_NAME_MAX_LENGTH, envNameProblem, resourceNames } from '../../infra/resource-names.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { SettingsError } from '../../infra/settings/settings-reader.js'
import { contextOf } from './settings/contexts.js'

describe('resourceNames', () => {
  it("keeps the original lab's names without an environment", () => {
    expect(resourceNames({ env: undefined, region: 'eu-west-1', multiRegion: false })).toEqual({
      stack: 'DynamoDBManager',
      table: 'lambda-apigateway',
      function: 'LambdaFunctionOverHttps',
      functionLogGroup: '/aws/lambda/LambdaFunctionOverHttps',
      role: 'lambda-apigateway-role',
      restApi: 'DynamoDBOperations',
      invokePolicy: 'DynamoDBManagerInvoke-eu-west-1',
      invokeRole: 'DynamoDBManagerInvoker-eu-west-1',
      alarmPrefix: 'DynamoDBManager',
      alarmTopic: 'DynamoDBManager-alarms',
      dashboard: 'DynamoDBManager',
      healthCheckAlarmStack: 'DynamoDBManager-health-alarm',
      deployApplication: 'DynamoDBManager',
      deploymentGroup: 'DynamoDBManagerLive',
      webAcl: 'DynamoDBManagerWaf',
    })
  })

  it('puts the environment in every name, and the region in every IAM name', () => {
    expect(resourceNames({ env: 'dev', region: 'eu-west-1', multiRegion: false })).toEqual({
      stack: 'DynamoDBManager-dev',
      table: 'lambda-apigateway-dev',
      function: 'LambdaFunctionOverHttps-dev',
      functionLogGroup: '/aws/lambda/LambdaFunctionOverHttps-dev',
      role: 'lambda-apigateway-role-dev-eu-west-1',
      restApi: 'DynamoDBOperations-dev',
      invokePolicy: 'DynamoDBManagerInvoke-dev-eu-west-1',
      invokeRole: 'DynamoDBManagerInvoker-dev-eu-west-1',
      alarmPrefix: 'DynamoDBManager-dev',
      alarmTopic: 'DynamoDBManager-dev-alarms',
      // Dashboard names are global to the account, as IAM's are.
      dashboard: 'DynamoDBManager-dev-eu-west-1',
      healthCheckAlarmStack: 'DynamoDBManager-dev-health-alarm',
      deployApplication: 'DynamoDBManager-dev',
      deploymentGroup: 'DynamoDBManagerLive-dev',
      webAcl: 'DynamoDBManagerWaf-dev',
    })
  })

  it('gives each region of the multi-region variant its own stack and role, one table name', () => {
    const [east, west] = ['us-east-1', 'us-west-2'].map((region) =>
      resourceNames({ env: undefined, region, multiRegion: true }),
    )

    expect([east?.stack, west?.stack]).toEqual([
      'DynamoDBManagerGlobal-us-east-1',
      'DynamoDBManagerGlobal-us-west-2',
    ])
    expect([east?.role, west?.role]).toEqual([
      'lambda-apigateway-role-us-east-1',
      'lambda-apigateway-role-us-west-2',
    ])
    expect(east?.table).toBe(west?.table)
  })

  it('gives each region of the multi-region variant its own alarms, topic and dashboard', () => {
    const west = resourceNames({ env: 'prod', region: 'us-west-2', multiRegion: true })

    expect(west).toMatchObject({
      alarmPrefix: 'DynamoDBManagerGlobal-prod-us-west-2',
      alarmTopic: 'DynamoDBManagerGlobal-prod-us-west-2-alarms',
      dashboard: 'DynamoDBManagerGlobal-prod-us-west-2',
      healthCheckAlarmStack: 'DynamoDBManagerGlobal-prod-us-west-2-health-alarm',
    })
  })

  it('keeps the longest topic name within SNS’s 256 characters and stack name within 128', () => {
    const env = 'a'.repeat(ENV_NAME_MAX_LENGTH)
    const names = resourceNames({ env, region: 'ap-southeast-5', multiRegion: true })

    expect(names.alarmTopic.length).toBeLessThanOrEqual(256)
    expect(names.healthCheckAlarmStack.length).toBeLessThanOrEqual(128)
  })

  it('keeps the longest IAM name within IAM’s 64 characters', () => {
    const env = 'a'.repeat(ENV_NAME_MAX_LENGTH)
    const names = resourceNames({ env, region: 'ap-southeast-5', multiRegion: true })

    for (const name of [names.role, names.invokePolicy, names.invokeRole, names.function]) {
      expect(name.length).toBeLessThanOrEqual(64)
    }
  })
})

describe('the env setting', () => {
  it.each(['dev', 'prod', 'team-a', 'x1'])('takes %s', (env) => {
    expect(envNameProblem(env)).toBeUndefined()
    expect(readLabSettings(contextOf({ env })).env).toBe(env)
  })

  it.each(['BAD_NAME', 'Dev', '1dev', 'dev-', 'a--b', 'a'.repeat(ENV_NAME_MAX_LENGTH + 1)])(
    'refuses %s in one line naming the key',
    (env) => {
      expect(() => readLabSettings(contextOf({ env }))).toThrow(SettingsError)
      expect(() => readLabSettings(contextOf({ env }))).toThrow(
        /^env: expected a short lowercase name/,
      )
    },
  )
})

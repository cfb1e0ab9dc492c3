import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type App, Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { describe, expect, it } from 'vitest'
import { addLabStacks } from '../../infra/lab-app.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { withSettingsFile } from '../../infra/settings/settings-file.js'
import { testApp } from '../support/cdk.js'

/** The multi-region example: with variant 'all', it builds both variants. */
const EXAMPLE_SETTINGS = 'infra/settings.multi-region.example.json'

/** Synthesizes the app and returns the violations of its validation report. */
function violationsOf(app: App): unknown[] {
  let synthError: unknown
  try {
    app.synth()
  } catch (error) {
    // In a test process the CDK throws on a failed validation, with the report.
    synthError = error
  }
  const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: Array<{ violations: unknown[] }>
  }
  const violations = report.pluginReports.flatMap((each) => each.violations)
  if (synthError !== undefined && violations.length === 0) throw synthError
  return violations
}

function exampleApp(context: Record<string, string>): App {
  const app = testApp({ settingsFile: EXAMPLE_SETTINGS, variant: 'all', ...context })
  addLabStacks(app, readLabSettings(withSettingsFile((key) => app.node.tryGetContext(key))))
  return app
}

describe('the CDK app', () => {
  it('builds the single-region stack and a stack per region of the multi-region variant', () => {
    const app = exampleApp({})

    expect(app.node.children.filter(Stack.isStack).map((stack) => stack.stackName)).toEqual([
      'DynamoDBManager',
      'DynamoDBManagerGlobal-us-east-1',
      'DynamoDBManagerGlobal-us-west-2',
      // us-west-2's health check alarm, in us-east-1 with Route 53's metrics.
      'DynamoDBManagerGlobal-us-west-2-health-alarm',
    ])
  })

  it('gives the CORS origins to both the API (preflight) and the handler (its answers)', () => {
    const app = exampleApp({ corsAllowOrigins: 'https://app.example.com' })
    const template = Template.fromStack(app.node.findChild('DynamoDBManager') as Stack)

    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ CORS_ALLOW_ORIGINS: 'https://app.example.com' }),
      },
    })
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS' })
  })

  it.each([
    ['IAM auth (the default)', {}],
    [
      'API key auth, on-demand, CORS',
      { auth: 'apiKey', billing: 'onDemand', corsAllowOrigins: 'https://app.example.com' },
    ],
    [
      'no auth, no tracing, no CloudWatch role',
      { auth: 'none', tracing: 'false', apiGatewayCloudWatchRole: 'false' },
    ],
    [
      'an environment, an invoke role, the account CloudWatch role always',
      { env: 'dev', invokePrincipal: '123456789012', apiGatewayCloudWatchRole: 'true' },
    ],
    [
      'env prod (canary deploys), a WAF web ACL on every stage',
      { env: 'prod', waf: 'true', wafRateLimit: '500' },
    ],
    ['the example tables file, its table global', { tablesFile: 'examples/tables.json' }],
  ])('passes cdk-nag AwsSolutions with every finding acknowledged: %s', (_, context) => {
    expect(violationsOf(exampleApp(context))).toEqual([])
  })

  it('fails on a finding nobody acknowledged, so the check above can fail', () => {
    // Prepare
    const app = exampleApp({})
    const stack = new Stack(app, 'Careless', { env: { region: 'us-east-1' } })
    new Role(stack, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    }).addToPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:*'], resources: ['*'] }),
    )

    // Act
    const violations = violationsOf(app)

    // Assess
    expect(JSON.stringify(violations)).toContain('AwsSolutions-IAM5')
  })
})

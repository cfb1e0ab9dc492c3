import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Validations } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks } from 'cdk-nag'
import { describe, expect, it } from 'vitest'
import { addGitHubDeployStack } from '../../../infra/pipeline/add-github-deploy-stack.js'
import { readLabSettings } from '../../../infra/settings/lab-settings.js'
import { SettingsError } from '../../../infra/settings/settings-reader.js'
import { onlyResource, testApp } from '../../support/cdk.js'

const REGIONS = { dev: 'eu-west-1', production: ['eu-west-1', 'ap-southeast-2'] }
const PROVIDER_ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'

function deployApp(context: Record<string, unknown>) {
  const app = testApp(context)
  const stack = addGitHubDeployStack(
    app,
    readLabSettings((key) => app.node.tryGetContext(key)),
    REGIONS,
  )
  return { app, stack }
}

function deployTemplate(context: Record<string, unknown> = {}): Template {
  const { stack } = deployApp({ githubRepository: 'octo-org/serverless-lab', ...context })
  if (stack === undefined) throw new Error('no GitHub deploy stack')
  return Template.fromStack(stack)
}

interface Statement {
  Sid: string
  Action: string | string[]
  Resource: unknown
}

function statements(template: Template): Statement[] {
  const role = onlyResource(template, 'AWS::IAM::Role')
  expect(role.Properties.ManagedPolicyArns).toBeUndefined()
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]
  return policies.flatMap((each) => each.PolicyDocument.Statement)
}

/** `arn:${Partition}:iam::${AccountId}:role/<name>`, as the template joins it. */
function accountArn(service: string, region: string, resource: string) {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        `:${service}:${region}:`,
        { Ref: 'AWS::AccountId' },
        resource,
      ],
    ],
  }
}

/**
 * The actions of the policy docs/preflight.md gives preflight's credentials, less the three
 * only the multi-region variant needs (the page says so), which the pipeline does not deploy.
 */
function singleRegionPreflightActions(): string[] {
  const page = readFileSync('docs/preflight.md', 'utf8')
  const policy = /```json\n([\s\S]*?)```/.exec(page)?.[1]
  if (policy === undefined) throw new Error('docs/preflight.md has no JSON policy')
  const [statement] = JSON.parse(policy).Statement as { Action: string[] }[]
  const multiRegionOnly = [
    'acm:DescribeCertificate',
    'route53:GetHostedZone',
    'route53:ListResourceRecordSets',
  ]
  expect(statement?.Action).toEqual(expect.arrayContaining(multiRegionOnly))
  return (statement?.Action ?? []).filter((action) => !multiRegionOnly.includes(action))
}

/** The same elements in any order: IAM policy minimization sorts a statement's resources. */
function expectSameMembers(actual: unknown, expected: unknown[]): void {
  expect(actual).toHaveLength(expected.length)
  expect(actual).toEqual(expect.arrayContaining(expected))
}

describe('the GitHub deploy role stack', () => {
  it('is absent unless githubRepository is set', () => {
    expect(deployApp({}).stack).toBeUndefined()
  })

  it('is named from resource-names.ts, with its role', () => {
    const { stack } = deployApp({ githubRepository: 'octo-org/serverless-lab' })
    expect(stack?.stackName).toBe('DynamoDBManagerGitHubDeploy')
    onlyResource(Template.fromStack(stack as never), 'AWS::IAM::Role', {
      Properties: { RoleName: 'DynamoDBManagerGitHubDeploy' },
    })
  })

  it("trusts only the repository's jobs in the dev and production environments, for STS", () => {
    const template = deployTemplate()

    template.resourceCountIs('AWS::IAM::OIDCProvider', 1)
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    })
    const role = onlyResource(template, 'AWS::IAM::Role')
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: { Ref: expect.stringMatching(/^GitHubOidcProvider/) } },
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': [
                'repo:octo-org/serverless-lab:environment:dev',
                'repo:octo-org/serverless-lab:environment:production',
              ],
            },
          },
        },
      ],
    })
  })

  it('uses the existing OIDC provider named by githubOidcProviderArn, and creates none', () => {
    const template = deployTemplate({
      githubOidcProviderArn: PROVIDER_ARN,
      githubEnvironments: 'prod-approval',
    })

    template.resourceCountIs('AWS::IAM::OIDCProvider', 0)
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Federated: PROVIDER_ARN },
            Condition: {
              StringEquals: Match.objectLike({
                'token.actions.githubusercontent.com:sub': [
                  'repo:octo-org/serverless-lab:environment:prod-approval',
                ],
              }),
            },
          }),
        ],
      },
    })
  })

  it("may assume only CDK's bootstrap roles in the pipeline's regions and the stacks' invoke roles", () => {
    const assumes = statements(deployTemplate()).filter((each) => each.Action === 'sts:AssumeRole')

    expect(assumes.map((each) => each.Sid)).toEqual([
      'AssumeCdkBootstrapRoles',
      'AssumeInvokeRolesForTheSmokeTest',
    ])
    const [cdkRoles, invokeRoles] = assumes
    expectSameMembers(
      cdkRoles?.Resource,
      ['eu-west-1', 'ap-southeast-2'].map((region) => ({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':iam::',
            { Ref: 'AWS::AccountId' },
            ':role/cdk-hnb659fds-*-',
            { Ref: 'AWS::AccountId' },
            `-${region}`,
          ],
        ],
      })),
    )
    expectSameMembers(
      invokeRoles?.Resource,
      [
        'DynamoDBManagerInvoker-dev-eu-west-1',
        'DynamoDBManagerInvoker-prod-eu-west-1',
        'DynamoDBManagerInvoker-prod-ap-southeast-2',
      ].map((name) => accountArn('iam', '', `:role/${name}`)),
    )
  })

  it("follows cdk.json's bootstrap qualifier", () => {
    const template = deployTemplate({ '@aws-cdk/core:bootstrapQualifier': 'lab42' })

    expect(JSON.stringify(template.toJSON())).toContain(':role/cdk-lab42-*-')
    expect(JSON.stringify(template.toJSON())).toContain(':parameter/cdk-bootstrap/lab42/version')
    expect(JSON.stringify(template.toJSON())).not.toContain('hnb659fds')
  })

  it('allows nothing else than those and the read-only actions docs/preflight.md lists for one region', () => {
    const actions = statements(deployTemplate()).flatMap((each) => each.Action)

    expect(new Set(actions)).toEqual(new Set(['sts:AssumeRole', ...singleRegionPreflightActions()]))
    const byAction = (action: string) =>
      statements(deployTemplate()).find((each) => each.Action === action)
    expectSameMembers(
      byAction('ssm:GetParameter')?.Resource,
      ['eu-west-1', 'ap-southeast-2'].map((region) =>
        accountArn('ssm', region, ':parameter/cdk-bootstrap/hnb659fds/version'),
      ),
    )
    expectSameMembers(
      byAction('apigateway:GET')?.Resource,
      ['eu-west-1', 'ap-southeast-2'].map((region) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:apigateway:${region}::/account`]],
      })),
    )
  })

  it('outputs the role ARN the workflow assumes', () => {
    deployTemplate().hasOutput('GitHubDeployRoleArn', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Role'), 'Arn'] },
    })
  })

  it('synthesizes with no cdk-nag finding left unacknowledged', () => {
    const { app } = deployApp({ githubRepository: 'octo-org/serverless-lab' })
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app))

    const assembly = app.synth()

    const report = join(assembly.directory, 'validation-report.json')
    expect(existsSync(report)).toBe(true)
    const violations = JSON.parse(readFileSync(report, 'utf8')).pluginReports.flatMap(
      (each: { violations: unknown[] }) => each.violations,
    )
    expect(violations).toEqual([])
  })
})

describe('the GitHub deploy settings', () => {
  it.each([
    [
      { githubRepository: 'serverless-lab' },
      /^githubRepository: expected the repository as owner\/name/,
    ],
    [
      { githubRepository: 'octo/lab', githubOidcProviderArn: 'arn:aws:iam::1:oidc-provider/x' },
      /^githubOidcProviderArn: expected the ARN/,
    ],
    [
      { githubRepository: 'octo/lab', githubEnvironments: 'dev,prod*' },
      /^githubEnvironments: expected GitHub environment names.*"prod\*"/,
    ],
  ])('refuses %j in one line naming the key', (context, message) => {
    const read = () => readLabSettings((key) => (context as Record<string, unknown>)[key])
    expect(read).toThrow(SettingsError)
    expect(read).toThrow(message)
  })
})

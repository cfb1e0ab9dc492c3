import { Aws, CfnOutput, DefaultStackSynthesizer, Stack, type StackProps } from 'aws-cdk-lib'
import {
  type IOidcProvider,
  OidcProviderNative,
  PolicyDocument,
  PolicyStatement,
  Role,
  WebIdentityPrincipal,
} from 'aws-cdk-lib/aws-iam'
import type { Construct } from 'constructs'
import { acknowledge, acknowledgeWildcardResource } from '../nag.js'
import { GITHUB_DEPLOY_NAMES } from '../resource-names.js'

/** GitHub Actions' OIDC issuer, and the audience configure-aws-credentials asks for. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com'
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com'

/**
 * Read-only actions `npm run preflight` calls on resources it looks up by name, before a
 * deploy (docs/preflight.md): IAM allows none of them on a narrower resource that covers
 * every name the stacks may take.
 */
export const PREFLIGHT_READ_ACTIONS = [
  'cloudformation:ListStackResources',
  'dynamodb:DescribeTable',
  'iam:GetRole',
  'iam:GetPolicy',
  'lambda:GetFunction',
  'lambda:GetAccountSettings',
  'logs:DescribeLogGroups',
  'cloudwatch:DescribeAlarms',
  'cloudwatch:GetDashboard',
  'sns:GetTopicAttributes',
  'codedeploy:GetApplication',
  'wafv2:ListWebACLs',
] as const

export interface GitHubDeployStackProps extends StackProps {
  /** `owner/repo`: the only repository whose workflow may assume the role. */
  readonly repository: string
  /** The GitHub environments whose jobs may assume it, e.g. `dev`, `production`. */
  readonly environments: readonly string[]
  /** The regions the role may deploy to (CDK's bootstrap roles there). */
  readonly regions: readonly string[]
  /** Roles the smoke test assumes to call each deployed API (the stacks' invoke roles). */
  readonly invokeRoleNames: readonly string[]
  /** The account's GitHub OIDC provider, when it has one already (one per account and URL). */
  readonly oidcProviderArn?: string
  /** The CDK bootstrap's qualifier. @default DefaultStackSynthesizer.DEFAULT_QUALIFIER */
  readonly qualifier?: string
}

/**
 * The role GitHub Actions assumes through OIDC to run `npm run deploy` (no stored keys):
 * trusted only by the given repository's jobs in the given environments, with the
 * sts.amazonaws.com audience; allowed only to assume CDK's bootstrap roles in the pipeline's
 * regions (which do the deploying), to read what preflight reads, and to assume the
 * stacks' invoke roles, so that the smoke test can sign its calls.
 *
 * @example
 * new GitHubDeployStack(app, 'DynamoDBManagerGitHubDeploy', { repository: 'octo/lab',
 *   environments: ['dev', 'production'], regions: ['us-east-1'], invokeRoleNames: [...] })
 */
export class GitHubDeployStack extends Stack {
  public readonly role: Role

  constructor(scope: Construct, id: string, props: GitHubDeployStackProps) {
    super(scope, id, props)
    const { repository, environments, regions, invokeRoleNames } = props
    const qualifier = props.qualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER
    const provider = this.oidcProvider(props.oidcProviderArn)
    const role = (name: string) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${name}`
    const cdkRole = (region: string) => role(`cdk-${qualifier}-*-${Aws.ACCOUNT_ID}-${region}`)

    this.role = new Role(this, 'Role', {
      roleName: GITHUB_DEPLOY_NAMES.role,
      description: `Assumed by GitHub Actions of ${repository} (environments ${environments.join(', ')}) to deploy the DynamoDBManager stacks`,
      assumedBy: new WebIdentityPrincipal(provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: environments.map(
            (environment) => `repo:${repository}:environment:${environment}`,
          ),
        },
      }),
      inlinePolicies: {
        Deploy: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'AssumeCdkBootstrapRoles',
              actions: ['sts:AssumeRole'],
              resources: regions.map(cdkRole),
            }),
            new PolicyStatement({
              sid: 'AssumeInvokeRolesForTheSmokeTest',
              actions: ['sts:AssumeRole'],
              resources: invokeRoleNames.map(role),
            }),
            new PolicyStatement({
              sid: 'PreflightReads',
              actions: [...PREFLIGHT_READ_ACTIONS],
              resources: ['*'],
            }),
            new PolicyStatement({
              sid: 'PreflightReadsBootstrapVersion',
              actions: ['ssm:GetParameter'],
              resources: regions.map(
                (region) =>
                  `arn:${Aws.PARTITION}:ssm:${region}:${Aws.ACCOUNT_ID}:parameter/cdk-bootstrap/${qualifier}/version`,
              ),
            }),
            new PolicyStatement({
              sid: 'PreflightReadsApiGatewayAccount',
              actions: ['apigateway:GET'],
              resources: regions.map(
                (region) => `arn:${Aws.PARTITION}:apigateway:${region}::/account`,
              ),
            }),
          ],
        }),
      },
    })
    for (const region of regions) {
      acknowledgeWildcardResource(
        this.role,
        cdkRole(region),
        "CDK's bootstrap roles of one qualifier, account and region (deploy, file-publishing, image-publishing, lookup): they do the deploying, and the CDK CLI picks among them.",
      )
    }
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      "Preflight's read-only Describe/Get/List actions: they look resources up by the names the stacks would create, before they exist, and change nothing.",
    )

    new CfnOutput(this, 'GitHubDeployRoleArn', {
      value: this.role.roleArn,
      description:
        'Set as the repository variable AWS_DEPLOY_ROLE_ARN: the role the delivery pipeline assumes',
    })
  }

  private oidcProvider(existingArn: string | undefined): IOidcProvider {
    if (existingArn !== undefined) {
      return OidcProviderNative.fromOidcProviderArn(this, 'GitHubOidcProvider', existingArn)
    }
    return new OidcProviderNative(this, 'GitHubOidcProvider', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIds: [GITHUB_OIDC_AUDIENCE],
    })
  }
}

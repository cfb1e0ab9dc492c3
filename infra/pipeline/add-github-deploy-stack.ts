import type { App } from 'aws-cdk-lib'
import { GITHUB_DEPLOY_NAMES, resourceNames } from '../resource-names.js'
import type { LabSettings } from '../settings/lab-settings.js'
import { GitHubDeployStack } from '../stacks/github-deploy-stack.js'
import { loadPipelineRegions, PIPELINE_ENVS, type PipelineRegions } from './pipeline-file.js'

/** The invoke role of each stack the pipeline deploys: the smoke test signs as it. */
function invokeRoleNames({ dev, production }: PipelineRegions): string[] {
  const invokeRole = (env: string, region: string) =>
    resourceNames({ env, region, multiRegion: false }).invokeRole
  return [
    invokeRole(PIPELINE_ENVS.dev, dev),
    ...production.map((region) => invokeRole(PIPELINE_ENVS.production, region)),
  ]
}

/**
 * Adds the delivery pipeline's deploy role stack when `githubRepository` is set, in the
 * settings' region (IAM is global), scoped to the regions of infra/pipeline.json.
 *
 * @example
 * addGitHubDeployStack(app, settings, { dev: 'us-east-1', production: ['us-east-1'] })
 */
export function addGitHubDeployStack(
  app: App,
  settings: LabSettings,
  regions: PipelineRegions | undefined = undefined,
): GitHubDeployStack | undefined {
  const { githubDeploy } = settings
  if (githubDeploy === undefined) return undefined
  const pipeline = regions ?? loadPipelineRegions()
  const qualifier = app.node.tryGetContext('@aws-cdk/core:bootstrapQualifier')
  return new GitHubDeployStack(app, GITHUB_DEPLOY_NAMES.stack, {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: settings.region },
    description: `DynamoDBManager delivery pipeline: the role GitHub Actions of ${githubDeploy.repository} assume to deploy`,
    repository: githubDeploy.repository,
    environments: githubDeploy.environments,
    oidcProviderArn: githubDeploy.oidcProviderArn,
    regions: [...new Set([pipeline.dev, ...pipeline.production])],
    invokeRoleNames: invokeRoleNames(pipeline),
    qualifier: typeof qualifier === 'string' && qualifier !== '' ? qualifier : undefined,
  })
}

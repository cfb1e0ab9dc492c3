import { type App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { failoverPlan } from './constructs/failover-plan.js'
import { addGitHubDeployStack } from './pipeline/add-github-deploy-stack.js'
import { type ResourceNames, resourceNames } from './resource-names.js'
import { sizedTable, warnOfShortCapacity } from './settings/capacity-settings.js'
import { type LabSettings, Variant } from './settings/lab-settings.js'
import type { MultiRegionSettings } from './settings/multi-region-settings.js'
import {
  DynamoDBManagerStack,
  type DynamoDBManagerStackProps,
} from './stacks/dynamodb-manager-stack.js'

/** The account comes from the CLI's credentials at deploy time; synth needs none. */
const account = process.env.CDK_DEFAULT_ACCOUNT

/**
 * What a stack of either variant takes from the settings, named for its region; the table is
 * sized for every region whose writes reach each replica.
 */
function commonProps(
  settings: LabSettings,
  region: string,
  multiRegion: MultiRegionSettings | undefined,
): DynamoDBManagerStackProps & { names: ResourceNames } {
  const { env, stackName, multiRegionStackName } = settings
  return {
    env: { account, region },
    names: resourceNames({
      env,
      region,
      multiRegion: multiRegion !== undefined,
      stackName,
      multiRegionStackName,
    }),
    table: sizedTable(settings, multiRegion?.regions.length ?? 1),
    function: settings.function,
    api: settings.api,
    invokePrincipal: settings.invokePrincipal,
    apiGatewayCloudWatchRole: settings.apiGatewayCloudWatchRole,
  }
}

/**
 * The multi-region variant: a stack per region, each with the function, the API, a custom
 * domain, a health check and its failover records; the first region's stack holds the
 * global table, replicated to the others. Stack and IAM names carry the region
 * (resource-names.ts).
 *
 * @example
 * addMultiRegionStacks(app, settings, settings.multiRegion)
 */
export function addMultiRegionStacks(
  app: App,
  settings: LabSettings,
  multiRegion: MultiRegionSettings,
): DynamoDBManagerStack[] {
  const [primary, ...others] = multiRegion.regions
  const plan = failoverPlan(multiRegion.regions, multiRegion.domainName)
  const stacks = multiRegion.regions.map((region) => {
    const props = commonProps(settings, region, multiRegion)
    return new DynamoDBManagerStack(app, props.names.stack, {
      ...props,
      description: `DynamoDBManager lab, multi-region: ${region}${region === primary ? ' (primary, global table)' : ''}`,
      tableSource: region === primary ? 'create' : 'replica',
      replicaRegions: region === primary ? others : [],
      failover: {
        domainName: multiRegion.domainName,
        certificateArn: multiRegion.certificateArns[region] ?? '',
        hostedZoneId: multiRegion.hostedZoneId,
        hostedZoneName: multiRegion.hostedZoneName,
        records: plan.filter((record) => record.region === region),
        healthCheckInterval: multiRegion.healthCheckInterval,
        healthCheckFailureThreshold: multiRegion.healthCheckFailureThreshold,
      },
    })
  })
  // The replicas exist once the primary's stack has made the global table.
  const [primaryStack, ...otherStacks] = stacks
  for (const stack of otherStacks) if (primaryStack) stack.addStackDependency(primaryStack)
  if (primaryStack) warnOfShortCapacity(primaryStack, settings, multiRegion.regions.length)
  return stacks
}

/**
 * Adds the variant(s) the settings ask for to the app, and cdk-nag's AwsSolutions checks,
 * which run on every synth: an unacknowledged finding fails it.
 *
 * @example
 * const app = new App()
 * addLabStacks(app, loadLabSettings((key) => app.node.tryGetContext(key)))
 */
export function addLabStacks(app: App, settings: LabSettings): DynamoDBManagerStack[] {
  const stacks: DynamoDBManagerStack[] = []
  if (settings.variant !== Variant.Multi) {
    const props = commonProps(settings, settings.region, undefined)
    const stack = new DynamoDBManagerStack(app, props.names.stack, {
      ...props,
      description: 'DynamoDBManager lab: table, role, function and REST API in one region',
    })
    warnOfShortCapacity(stack, settings, 1)
    stacks.push(stack)
  }
  if (settings.variant !== Variant.Single && settings.multiRegion !== undefined) {
    stacks.push(...addMultiRegionStacks(app, settings, settings.multiRegion))
  }
  addGitHubDeployStack(app, settings)
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  return stacks
}

import { type App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { failoverPlan } from './constructs/failover-plan.js'
import { sizedTable, warnOfShortCapacity } from './settings/capacity-settings.js'
import { type LabSettings, Variant } from './settings/lab-settings.js'
import type { MultiRegionSettings } from './settings/multi-region-settings.js'
import { DynamoDBManagerStack } from './stacks/dynamodb-manager-stack.js'

/** The account comes from the CLI's credentials at deploy time; synth needs none. */
const account = process.env.CDK_DEFAULT_ACCOUNT

/**
 * The multi-region variant: a stack per region, each with the function, the API, a custom
 * domain, a health check and its failover records; the first region's stack holds the
 * global table, replicated to the others. Role names are global, so each carries its region.
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
  const stacks = multiRegion.regions.map(
    (region) =>
      new DynamoDBManagerStack(app, `${settings.multiRegionStackName}-${region}`, {
        env: { account, region },
        description: `DynamoDBManager lab, multi-region: ${region}${region === primary ? ' (primary, global table)' : ''}`,
        table: sizedTable(settings, multiRegion.regions.length),
        tableSource: region === primary ? 'create' : 'replica',
        replicaRegions: region === primary ? others : [],
        function: { ...settings.function, roleName: `lambda-apigateway-role-${region}` },
        api: settings.api,
        apiGatewayCloudWatchRole: settings.apiGatewayCloudWatchRole,
        failover: {
          domainName: multiRegion.domainName,
          certificateArn: multiRegion.certificateArns[region] ?? '',
          hostedZoneId: multiRegion.hostedZoneId,
          hostedZoneName: multiRegion.hostedZoneName,
          records: plan.filter((record) => record.region === region),
          healthCheckInterval: multiRegion.healthCheckInterval,
          healthCheckFailureThreshold: multiRegion.healthCheckFailureThreshold,
        },
      }),
  )
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
    const stack = new DynamoDBManagerStack(app, settings.stackName, {
      env: { account, region: settings.region },
      description: 'DynamoDBManager lab: table, role, function and REST API in one region',
      table: sizedTable(settings, 1),
      function: settings.function,
      api: settings.api,
      apiGatewayCloudWatchRole: settings.apiGatewayCloudWatchRole,
    })
    warnOfShortCapacity(stack, settings, 1)
    stacks.push(stack)
  }
  if (settings.variant !== Variant.Single && settings.multiRegion !== undefined) {
    stacks.push(...addMultiRegionStacks(app, settings, settings.multiRegion))
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  return stacks
}

import { type App, Fn, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { failoverPlan } from './constructs/failover-plan.js'
import { HEALTH_CHECK_METRICS_REGION } from './constructs/health-check-alarm.js'
import { addGitHubDeployStack } from './pipeline/add-github-deploy-stack.js'
import { deployedTables, type ResourceNames, resourceNames } from './resource-names.js'
import { sizedTable, warnOfShortCapacity } from './settings/capacity-settings.js'
import { type LabSettings, Variant } from './settings/lab-settings.js'
import { alarmTopicArnFor } from './settings/monitoring-settings.js'
import type { MultiRegionSettings } from './settings/multi-region-settings.js'
import {
  DynamoDBManagerStack,
  type DynamoDBManagerStackProps,
} from './stacks/dynamodb-manager-stack.js'
import { HealthCheckAlarmStack } from './stacks/health-check-alarm-stack.js'
import { HEALTH_CHECK_ID_OUTPUT } from './stacks/stack-outputs.js'

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
    // A tables file's tables, each named as the lab's table is; without one, the lab's table.
    tables: settings.tables === undefined ? undefined : deployedTables(settings.tables, env),
    table: sizedTable(settings, multiRegion?.regions.length ?? 1),
    function: settings.function,
    deployment: settings.deployment,
    api: settings.api,
    invokePrincipal: settings.invokePrincipal,
    apiGatewayCloudWatchRole: settings.apiGatewayCloudWatchRole,
    monitoring: {
      ...settings.monitoring,
      alarmTopicArn: alarmTopicArnFor(settings.monitoring.alarmTopicArn, region),
      // The alarms read the metrics under the namespace the function writes them to.
      metricsNamespace: settings.function.metricsNamespace,
    },
    // Each region's replica replicates its writes to every other one.
    replicatesTo: multiRegion?.regions.filter((each) => each !== region),
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
  for (const stack of stacks) addHealthCheckAlarmStack(app, settings, stack)
  // The replicas exist once the primary's stack has made the global table.
  const [primaryStack, ...otherStacks] = stacks
  for (const stack of otherStacks) if (primaryStack) stack.addStackDependency(primaryStack)
  if (primaryStack) warnOfShortCapacity(primaryStack, settings, multiRegion.regions.length)
  return stacks
}

/**
 * The alarm on a region's health check lives in us-east-1, with Route 53's metrics: in the
 * region's own stack when that is us-east-1, else in a stack of us-east-1 of its own.
 */
function addHealthCheckAlarmStack(
  app: App,
  settings: LabSettings,
  regional: DynamoDBManagerStack,
): HealthCheckAlarmStack | undefined {
  if (regional.failover === undefined || regional.region === HEALTH_CHECK_METRICS_REGION) {
    return undefined
  }
  const { names } = regional
  const stack = new HealthCheckAlarmStack(app, names.healthCheckAlarmStack, {
    account,
    description: `DynamoDBManager lab, multi-region: the alarm on ${regional.region}'s health check`,
    probedRegion: regional.region,
    // Read from the regional stack's output by CloudFormation, across regions.
    healthCheckId: Fn.getStackOutput(regional.stackName, HEALTH_CHECK_ID_OUTPUT, regional.region),
    alarmName: `${names.alarmPrefix}-HealthCheck`,
    topicName: `${names.alarmTopic}-health`,
    alarmTopicArn: alarmTopicArnFor(settings.monitoring.alarmTopicArn, HEALTH_CHECK_METRICS_REGION),
    alarmEmail: settings.monitoring.alarmEmail,
  })
  stack.addStackDependency(regional)
  return stack
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

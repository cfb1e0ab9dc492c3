import { DefaultStackSynthesizer, RemovalPolicy } from 'aws-cdk-lib'
import { failoverPlan, failoverSetIdentifier } from '../constructs/failover-plan.js'
import { HEALTH_CHECK_METRICS_REGION } from '../constructs/health-check-alarm.js'
import { deployedTables, type ResourceNames, resourceNames } from '../resource-names.js'
import { type LabSettings, Variant } from '../settings/lab-settings.js'
import { type ContextReader, SettingsError } from '../settings/settings-reader.js'
import { type AccountRoleMode, accountRoleMode } from './account-role-mode.js'

/**
 * What a deploy with these settings would create, worked out from the settings alone, with
 * the names the stacks take from resourceNames: the plan preflight checks the account
 * against. Pure: no AWS, no files.
 */

/**
 * The bootstrap version the synthesized stacks require: aws-cdk-lib 2.276.0's
 * DefaultStackSynthesizer writes `requiresBootstrapStackVersion: 6` (its
 * MIN_BOOTSTRAP_STACK_VERSION) into the cloud assembly for each stack and its assets, and a
 * CheckBootstrapVersion rule refusing 1 to 5 into each template. A test reads it back from a
 * synthesized manifest, so a new aws-cdk-lib that asks for more fails there.
 */
export const REQUIRED_BOOTSTRAP_VERSION = 6

/** The context key that names another bootstrap qualifier (cdk.json's "context"). */
export const BOOTSTRAP_QUALIFIER_KEY = '@aws-cdk/core:bootstrapQualifier'

export interface StackPlan {
  readonly stackName: string
  readonly region: string
  readonly names: ResourceNames
  /**
   * The names of the tables the stack creates or replicates, as deployed: a tables file's
   * (each with the environment), else the lab's table (`names.table`).
   */
  readonly tableNames: readonly string[]
  /**
   * The regions the tables this stack creates live in: its own, then a global table's other
   * replicas; empty when the stack creates none (it uses a replica another stack made).
   */
  readonly tableRegions: readonly string[]
  /**
   * Whether CloudFormation could adopt an existing table of that name into the stack
   * (`--import-existing-resources`): it imports only resources whose DeletionPolicy is
   * Retain, which the table has unless `removalPolicy` is `destroy`.
   */
  readonly tableImportable: boolean
  readonly reservedConcurrency: number | undefined
  /** Whether the stack creates the invoke role (an `invokePrincipal` is set). */
  readonly createsInvokeRole: boolean
  /** Whether the stack creates its alarm topic (no `alarmTopicArn`). */
  readonly createsAlarmTopic: boolean
  /** Whether the stack creates a WAF web ACL (`waf=true`). */
  readonly createsWebAcl: boolean
}

export interface FailoverCheckPlan {
  readonly domainName: string
  readonly hostedZoneId: string
  readonly hostedZoneName: string
  /** The certificate of each region. */
  readonly certificateArns: Readonly<Record<string, string>>
  /** Each record name the stacks create, with the set identifiers of this app's records. */
  readonly records: ReadonlyArray<{ readonly name: string; readonly setIdentifiers: string[] }>
}

export interface BootstrapPlan {
  readonly qualifier: string
  /** The SSM parameter that holds the bootstrap stack's version in each region. */
  readonly versionParameter: string
  readonly requiredVersion: number
}

export interface PreflightPlan {
  readonly stacks: readonly StackPlan[]
  /** Every region a stack or a replica goes to, the first being where STS is asked. */
  readonly regions: readonly string[]
  readonly accountRole: AccountRoleMode
  readonly bootstrap: BootstrapPlan
  readonly failover: FailoverCheckPlan | undefined
  /** The deploy adopts importable resources that exist (`--import-existing-resources`). */
  readonly importExistingResources: boolean
}

export interface PlanOptions {
  readonly importExistingResources: boolean
}

function bootstrapPlan(context: ContextReader): BootstrapPlan {
  const named = context(BOOTSTRAP_QUALIFIER_KEY)
  const qualifier =
    typeof named === 'string' && named !== '' ? named : DefaultStackSynthesizer.DEFAULT_QUALIFIER
  return {
    qualifier,
    versionParameter: DefaultStackSynthesizer.DEFAULT_BOOTSTRAP_STACK_VERSION_SSM_PARAMETER.replace(
      /\$\{Qualifier\}/,
      qualifier,
    ),
    requiredVersion: REQUIRED_BOOTSTRAP_VERSION,
  }
}

function failoverCheckPlan(settings: LabSettings): FailoverCheckPlan | undefined {
  const multi = settings.multiRegion
  if (settings.variant !== Variant.Multi || multi === undefined) return undefined
  const records = new Map<string, string[]>()
  for (const record of failoverPlan(multi.regions, multi.domainName)) {
    const name = record.recordName
    records.set(name, [...(records.get(name) ?? []), failoverSetIdentifier(record)])
  }
  return {
    domainName: multi.domainName,
    hostedZoneId: multi.hostedZoneId,
    hostedZoneName: multi.hostedZoneName,
    certificateArns: multi.certificateArns,
    records: [...records].map(([name, setIdentifiers]) => ({ name, setIdentifiers })),
  }
}

function stackPlans(settings: LabSettings): StackPlan[] {
  const naming = {
    env: settings.env,
    stackName: settings.stackName,
    multiRegionStackName: settings.multiRegionStackName,
  }
  const stack = (region: string, multiRegion: boolean, tableRegions: readonly string[]) => {
    const names = resourceNames({ ...naming, region, multiRegion })
    return {
      stackName: names.stack,
      region,
      names,
      tableNames: deployedTables(settings.tables, settings.env).map(
        (table) => table.definition.tableName,
      ),
      tableRegions,
      tableImportable: settings.table.removalPolicy !== RemovalPolicy.DESTROY,
      reservedConcurrency: settings.function.reservedConcurrentExecutions,
      createsInvokeRole: settings.invokePrincipal !== undefined,
      createsAlarmTopic: settings.monitoring.alarmTopicArn === undefined,
      createsWebAcl: settings.api.waf === true,
    }
  }
  const multi = settings.multiRegion
  if (settings.variant === Variant.Multi && multi !== undefined) {
    // The first region's stack creates the global table, with a replica in every region.
    return multi.regions.map((region, index) =>
      stack(region, true, index === 0 ? multi.regions : []),
    )
  }
  return [stack(settings.region, false, [settings.region])]
}

/**
 * The plan of a deploy with these settings. Throws a SettingsError for `variant=all`, which
 * builds both variants for checks: they share their names, so they cannot both deploy.
 *
 * @example
 * const plan = preflightPlan(readLabSettings(context), context, { importExistingResources: false })
 */
export function preflightPlan(
  settings: LabSettings,
  context: ContextReader,
  { importExistingResources }: PlanOptions,
): PreflightPlan {
  if (settings.variant === Variant.All) {
    throw new SettingsError(
      'variant',
      '"all" builds both variants for checks, and they share their names: deploy one, with -c variant=single or -c variant=multi.',
    )
  }
  const stacks = stackPlans(settings)
  // Multi-region, the health checks' alarms deploy to us-east-1 (lab-app.ts), which must then
  // be bootstrapped too, even when no stack of the plan is there.
  const alarmRegions = settings.variant === Variant.Multi ? [HEALTH_CHECK_METRICS_REGION] : []
  return {
    stacks,
    regions: [
      ...new Set([
        ...stacks.flatMap((stack) => [stack.region, ...stack.tableRegions]),
        ...alarmRegions,
      ]),
    ],
    accountRole: accountRoleMode(settings.apiGatewayCloudWatchRole),
    bootstrap: bootstrapPlan(context),
    failover: failoverCheckPlan(settings),
    importExistingResources,
  }
}

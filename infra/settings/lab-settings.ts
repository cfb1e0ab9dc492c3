import type { TableDefinition } from '../../src/table/definition.js'
import { Deployment, defaultDeployment } from '../constructs/live-alias.js'
import { envNameProblem, LAB_NAMES } from '../resource-names.js'
import type {
  ApiSettings,
  FunctionSettings,
  TableSettings,
} from '../stacks/dynamodb-manager-stack.js'
import { readApiSettings } from './api-settings.js'
import { type CapacitySettings, checkCapacity, readCapacitySettings } from './capacity-settings.js'
import { readFunctionSettings } from './function-settings.js'
import { type GitHubDeploySettings, readGitHubDeploySettings } from './github-deploy-settings.js'
import { type LabMonitoringSettings, readMonitoringSettings } from './monitoring-settings.js'
import { type MultiRegionSettings, readMultiRegionSettings } from './multi-region-settings.js'
import { checkEveryKeyIsASetting, readSettingsFile } from './settings-file.js'
import { type ContextReader, SettingsError, SettingsReader } from './settings-reader.js'
import { readStackSettings, type StackSettings } from './stack-settings.js'
import { readTableSettings } from './table-settings.js'
import { checkNoAllowedTablesWithTablesFile, readTablesSettings } from './tables-settings.js'

/**
 * The app's settings, read from CDK context (`cdk synth -c auth=apiKey`, or the `context` of
 * cdk.json) and from an optional JSON file named by the `settingsFile` key (settings-file.ts);
 * a `-c` key wins over the file. Every key is optional: an unset key leaves the construct's
 * documented default in force, so each default is written once, in the construct's props.
 * Each bound is written once too, beside the construct that checks it; a malformed value
 * stops synth with a message naming the key.
 */

export const Variant = { Single: 'single', Multi: 'multi', All: 'all' } as const
export type Variant = (typeof Variant)[keyof typeof Variant]

export interface LabSettings extends StackSettings {
  /** Which variant(s) to build: 'single', 'multi' or 'all' (both, for checks only). */
  readonly variant: Variant
  /**
   * The environment (`-c env=dev`) every name and stack name carries; undefined for the
   * lab's own names (resource-names.ts).
   */
  readonly env: string | undefined
  /** The single-region stack's name and region. */
  readonly stackName: string
  readonly region: string
  /** Prefix of the multi-region stacks' names, followed by the region. */
  readonly multiRegionStackName: string
  /**
   * The tables the `tablesFile` declares, under their declared names, the default first;
   * undefined without one: the lab's table (and `allowedTables`).
   */
  readonly tables: readonly TableDefinition[] | undefined
  readonly table: TableSettings
  readonly function: FunctionSettings
  readonly api: ApiSettings
  /** How CodeDeploy shifts traffic to a new version: by default a canary for `env` prod only. */
  readonly deployment: Deployment
  /** What a request costs the table, and whether short capacity stops synth or warns. */
  readonly capacity: CapacitySettings
  readonly multiRegion: MultiRegionSettings | undefined
  /** The delivery pipeline's deploy role (`-c githubRepository=…`): its stack when set. */
  readonly githubDeploy: GitHubDeploySettings | undefined
  /** Where alarms notify, their thresholds, and the handler's metrics' namespace. */
  readonly monitoring: LabMonitoringSettings
}

/**
 * The app's settings from context alone (a settings file's keys are not checked: see
 * loadLabSettings). Throws a SettingsError naming the first malformed key, or the capacity
 * that cannot take what the throttle lets through (capacity-settings.ts).
 *
 * @example
 * const settings = readLabSettings((key) => ({ auth: 'apiKey' })[key])
 */
export function readLabSettings(context: ContextReader): LabSettings {
  return readLabSettingsWith(new SettingsReader(context))
}

/**
 * The app's settings as synth, deploy and preflight take them: context (`-c` keys and
 * cdk.json's), over the file named by `settingsFile`, every key of which must be a setting.
 * Throws a SettingsError naming the first malformed or unknown key.
 *
 * @example
 * const settings = loadLabSettings((key) => app.node.tryGetContext(key))
 */
export function loadLabSettings(context: ContextReader): LabSettings {
  const file = readSettingsFile(context)
  if (file === undefined) return readLabSettings(context)
  const settings = new SettingsReader((key) => context(key) ?? file.values[key])
  const labSettings = readLabSettingsWith(settings)
  checkEveryKeyIsASetting(file, settings.keysAsked())
  return labSettings
}

function readLabSettingsWith(settings: SettingsReader): LabSettings {
  const multiRegion = readMultiRegionSettings(settings)
  const fn = readFunctionSettings(settings)
  const tables = readTablesSettings(settings)
  checkNoAllowedTablesWithTablesFile(tables, fn.allowedTables)
  const variant =
    settings.choice('variant', Object.values(Variant)) ??
    (multiRegion === undefined ? Variant.Single : Variant.Multi)
  if (variant !== Variant.Single && multiRegion === undefined) {
    throw new SettingsError('variant', `"${variant}" needs the multiRegion settings.`)
  }
  const sized = {
    table: readTableSettings(settings),
    api: readApiSettings(settings, fn),
    capacity: readCapacitySettings(settings),
  }
  // The single-region table has one replica; the global table, one in each region.
  const regionCounts = [
    ...(variant === Variant.Multi ? [] : [1]),
    ...(variant === Variant.Single ? [] : [multiRegion?.regions.length ?? 1]),
  ]
  checkCapacity({ ...sized, tables }, regionCounts)
  const env = readEnvName(settings)
  return {
    variant,
    env,
    deployment: settings.choice('deployment', Object.values(Deployment)) ?? defaultDeployment(env),
    stackName: settings.string('stackName') ?? LAB_NAMES.stack,
    region: settings.region('region') ?? 'us-east-1',
    multiRegionStackName: settings.string('multiRegionStackName') ?? LAB_NAMES.multiRegionStack,
    ...sized,
    tables,
    function: fn,
    multiRegion,
    githubDeploy: readGitHubDeploySettings(settings),
    monitoring: readMonitoringSettings(settings),
    ...readStackSettings(settings),
  }
}

function readEnvName(settings: SettingsReader): string | undefined {
  const env = settings.string('env')
  const problem = env === undefined ? undefined : envNameProblem(env)
  if (problem !== undefined) throw new SettingsError('env', problem)
  return env
}

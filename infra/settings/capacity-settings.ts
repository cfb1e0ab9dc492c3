import { Annotations, type Stack } from 'aws-cdk-lib'
import type { TableDefinition } from '../../src/table/definition.js'
import { labApiThrottles } from '../constructs/lab-api.js'
import { DEFAULT_CAPACITY, REQUEST_UNITS, TableBilling } from '../constructs/lab-table.js'
import type { ApiSettings, TableSettings } from '../stacks/dynamodb-manager-stack.js'
import { SettingsError, type SettingsReader } from './settings-reader.js'

/**
 * The table's capacity matched to the API's throttle: what the throttle lets through each
 * second, in read and write units, becomes the on-demand table's maximum throughput; a
 * provisioned table whose auto scaling cannot reach it is refused (or warned of). The
 * formulas are in docs/deploy-settings.md, "Capacity and the throttle".
 */

export const CapacityCheck = { Refuse: 'refuse', Warn: 'warn' } as const
export type CapacityCheck = (typeof CapacityCheck)[keyof typeof CapacityCheck]

/**
 * Read units one request to POST /DynamoDBManager may spend: 1 reads an item of up to 4 KB
 * strongly consistently; a strongly consistent Scan or Query page of 1 MB spends 256.
 */
export const READ_UNITS_PER_REQUEST = { min: 1, max: 256 } as const
/** Write units one request may spend: 1 writes an item of up to 1 KB; one of 400 KB, 400. */
export const WRITE_UNITS_PER_REQUEST = { min: 1, max: 400 } as const

/**
 * What one probe of GET /health costs the table: an eventually consistent GetItem of a small
 * reserved key (half a read unit; src/core/health-check.ts), whose answer each execution
 * environment keeps for HEALTH_CACHE_MS. Each probe needs a request, so GET /health's rate
 * bounds the probes a second.
 */
export const HEALTH_PROBE = { readUnits: 0.5 } as const

export interface CapacitySettings {
  /** Read units one request may spend. @default 1 */
  readonly readUnitsPerRequest: number | undefined
  /** Write units one request may spend. @default 1 */
  readonly writeUnitsPerRequest: number | undefined
  /** What synth does when provisioned capacity is short. @default 'refuse' */
  readonly capacityCheck: CapacityCheck | undefined
}

/** The settings that size the table to the throttle: the table's, the API's and these. */
export interface SizedSettings {
  readonly table: TableSettings
  readonly api: ApiSettings
  readonly capacity: CapacitySettings
  /** A tables file's tables, whose own `billing` wins over the setting. @default the lab's table */
  readonly tables?: readonly TableDefinition[]
}

/** Whether any table is billed provisioned: by its declaration, else by the setting. */
function billsProvisioned({ table, tables }: SizedSettings): boolean {
  const billings = (tables ?? [{ billing: undefined }]).map((each) => each.billing ?? table.billing)
  return billings.includes(TableBilling.Provisioned)
}

/**
 * @example
 * const capacity = readCapacitySettings(new SettingsReader(context))
 */
export function readCapacitySettings(settings: SettingsReader): CapacitySettings {
  return {
    readUnitsPerRequest: settings.number('readUnitsPerRequest', READ_UNITS_PER_REQUEST),
    writeUnitsPerRequest: settings.number('writeUnitsPerRequest', WRITE_UNITS_PER_REQUEST),
    capacityCheck: settings.choice('capacityCheck', Object.values(CapacityCheck)),
  }
}

/** What the API can push at one replica each second, and how each figure is reached. */
interface ApiDemand {
  readonly readUnits: number
  readonly writeUnits: number
  readonly reads: string
  readonly writes: string
}

/**
 * Reads are one region's: its POST at the stage's rate, and its health probes. Writes are
 * every region's, since each replica takes the writes of all the others.
 */
function apiDemand({ api, capacity }: SizedSettings, regionCount: number): ApiDemand {
  const { stage, health } = labApiThrottles(api)
  const readUnitsPerRequest = capacity.readUnitsPerRequest ?? 1
  const writeUnitsPerRequest = capacity.writeUnitsPerRequest ?? 1
  const probeUnits = Math.ceil(health.rateLimit * HEALTH_PROBE.readUnits)
  const regions = regionCount > 1 ? ` × ${regionCount} regions, replicated into each` : ''
  return {
    readUnits: stage.rateLimit * readUnitsPerRequest + probeUnits,
    writeUnits: stage.rateLimit * writeUnitsPerRequest * regionCount,
    reads: `throttlingRateLimit ${stage.rateLimit} × readUnitsPerRequest ${readUnitsPerRequest} + ${probeUnits} for GET /health at healthThrottlingRateLimit ${health.rateLimit} × ${HEALTH_PROBE.readUnits}`,
    writes: `throttlingRateLimit ${stage.rateLimit} × writeUnitsPerRequest ${writeUnitsPerRequest}${regions}`,
  }
}

/**
 * The table's settings for a table of `regionCount` replicas: on demand, the maximum
 * throughput is what the throttle lets through (within DynamoDB's default quota), unless
 * maxReadRequestUnits or maxWriteRequestUnits say otherwise; provisioned, as they are.
 *
 * @example
 * new DynamoDBManagerStack(app, 'DynamoDBManager', { table: sizedTable(settings, 1) })
 */
export function sizedTable(settings: SizedSettings, regionCount: number): TableSettings {
  const { table } = settings
  if (table.billing === TableBilling.Provisioned) return table
  const demand = apiDemand(settings, regionCount)
  return {
    ...table,
    maxReadRequestUnits: table.maxReadRequestUnits ?? Math.min(demand.readUnits, REQUEST_UNITS.max),
    maxWriteRequestUnits:
      table.maxWriteRequestUnits ?? Math.min(demand.writeUnits, REQUEST_UNITS.max),
  }
}

/** Provisioned capacity that auto scaling cannot raise to what the API can push: a line each. */
export function capacityShortfalls(settings: SizedSettings, regionCount: number): SettingsError[] {
  const { table } = settings
  if (!billsProvisioned(settings)) return []
  const demand = apiDemand(settings, regionCount)
  const orWarn =
    settings.capacity.capacityCheck === CapacityCheck.Warn ? '' : ', or set capacityCheck to warn'
  const shortfall = (key: string, kind: string, units: number, how: string, max?: number) => {
    const limit = max ?? DEFAULT_CAPACITY.max
    if (units <= limit) return []
    const shown = max === undefined ? `${limit} (the default)` : `${limit}`
    return [
      new SettingsError(
        key,
        `the API can push ${units} ${kind} units a second (${how}), more than the ${shown} auto scaling may set: raise ${key} to ${units} or lower throttlingRateLimit${orWarn}.`,
      ),
    ]
  }
  return [
    ...shortfall('maxReadCapacity', 'read', demand.readUnits, demand.reads, table.maxReadCapacity),
    ...shortfall(
      'maxWriteCapacity',
      'write',
      demand.writeUnits,
      demand.writes,
      table.maxWriteCapacity,
    ),
  ]
}

/**
 * Throws the first shortfall of a table of each of `regionCounts` replicas, unless
 * capacityCheck is 'warn' (then warnOfShortCapacity says them at synth).
 */
export function checkCapacity(settings: SizedSettings, regionCounts: readonly number[]): void {
  if (settings.capacity.capacityCheck === CapacityCheck.Warn) return
  for (const regionCount of regionCounts) {
    const [first] = capacityShortfalls(settings, regionCount)
    if (first !== undefined) throw first
  }
}

/** With capacityCheck 'warn': each shortfall as a warning of the stack that holds the table. */
export function warnOfShortCapacity(
  stack: Stack,
  settings: SizedSettings,
  regionCount: number,
): void {
  if (settings.capacity.capacityCheck !== CapacityCheck.Warn) return
  for (const shortfall of capacityShortfalls(settings, regionCount)) {
    Annotations.of(stack).addWarningV2(
      `serverless-lab:capacity:${shortfall.variable}`,
      shortfall.message,
    )
  }
}

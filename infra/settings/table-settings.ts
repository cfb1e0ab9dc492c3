import { RemovalPolicy } from 'aws-cdk-lib'
import {
  CAPACITY_UNITS,
  checkLabTableProps,
  REQUEST_UNITS,
  TARGET_UTILIZATION_PERCENT,
  TableBilling,
} from '../constructs/lab-table.js'
import type { TableSettings } from '../stacks/dynamodb-manager-stack.js'
import { checkAsSettings, type SettingsReader } from './settings-reader.js'

/**
 * The table's settings: billing, the on-demand maximum throughput, the auto scaling of
 * provisioned capacity, protection and removal. Each key is LabTable's prop of the same
 * name, checked by LabTable's own check.
 *
 * @example
 * const table = readTableSettings(new SettingsReader(context))
 */
export function readTableSettings(settings: SettingsReader): TableSettings {
  const capacity = (key: string) => settings.number(key, CAPACITY_UNITS)
  const removal = settings.choice('removalPolicy', ['retain', 'destroy'])
  const table: TableSettings = {
    billing: settings.choice('billing', Object.values(TableBilling)),
    maxReadRequestUnits: settings.number('maxReadRequestUnits', REQUEST_UNITS),
    maxWriteRequestUnits: settings.number('maxWriteRequestUnits', REQUEST_UNITS),
    minReadCapacity: capacity('minReadCapacity'),
    maxReadCapacity: capacity('maxReadCapacity'),
    minWriteCapacity: capacity('minWriteCapacity'),
    maxWriteCapacity: capacity('maxWriteCapacity'),
    targetUtilizationPercent: settings.number(
      'targetUtilizationPercent',
      TARGET_UTILIZATION_PERCENT,
    ),
    deletionProtection: settings.boolean('deletionProtection'),
    removalPolicy:
      removal === undefined
        ? undefined
        : removal === 'destroy'
          ? RemovalPolicy.DESTROY
          : RemovalPolicy.RETAIN,
  }
  checkAsSettings(() => checkLabTableProps(table))
  return table
}

import { RemovalPolicy } from 'aws-cdk-lib'
import { TableBilling } from '../constructs/lab-table.js'
import type { TableSettings } from '../stacks/dynamodb-manager-stack.js'
import type { SettingsReader } from './settings-reader.js'

/**
 * The table's settings: billing, the auto scaling of provisioned capacity, protection and
 * removal. Each key is LabTable's prop of the same name.
 *
 * @example
 * const table = readTableSettings(new SettingsReader(context))
 */
export function readTableSettings(settings: SettingsReader): TableSettings {
  const capacity = (key: string) => settings.number(key, { min: 1, max: 40_000 })
  const removal = settings.choice('removalPolicy', ['retain', 'destroy'])
  return {
    billing: settings.choice('billing', Object.values(TableBilling)),
    minReadCapacity: capacity('minReadCapacity'),
    maxReadCapacity: capacity('maxReadCapacity'),
    minWriteCapacity: capacity('minWriteCapacity'),
    maxWriteCapacity: capacity('maxWriteCapacity'),
    targetUtilizationPercent: settings.number('targetUtilizationPercent', { min: 20, max: 90 }),
    deletionProtection: settings.boolean('deletionProtection'),
    removalPolicy:
      removal === undefined
        ? undefined
        : removal === 'destroy'
          ? RemovalPolicy.DESTROY
          : RemovalPolicy.RETAIN,
  }
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { TableKey } from '../core/health-check.js'
import type { KeyAttribute, TableDefinition } from '../table/definition.js'

/** The reserved value of a string or binary key attribute (binary: its UTF-8 bytes). */
export const HEALTH_PROBE_ID = 'serverless-lab:health-probe'

/**
 * The reserved value of a number key attribute: the lowest number DynamoDB stores (38 digits
 * of precision, magnitude up to 10^126), which no counter or id reaches.
 */
export const HEALTH_PROBE_NUMBER = '-9.9999999999999999999999999999999999999E+125'

function reservedValue({ type }: KeyAttribute): AttributeValue {
  switch (type) {
    case 'S':
      return { S: HEALTH_PROBE_ID }
    case 'N':
      return { N: HEALTH_PROBE_NUMBER }
    case 'B':
      return { B: new TextEncoder().encode(HEALTH_PROBE_ID) }
  }
}

/**
 * The key GET /health reads: the table's key attributes, each set to its type's reserved
 * value. No real item should use it; the probe reads only the key even if one does.
 *
 * @example
 * healthProbeKey({ tableName: 't', partitionKey: { name: 'id', type: 'S' } })
 * // → { id: { S: 'serverless-lab:health-probe' } }
 */
export function healthProbeKey(table: TableDefinition): TableKey {
  const attributes = [table.partitionKey, ...(table.sortKey === undefined ? [] : [table.sortKey])]
  return Object.fromEntries(attributes.map((each) => [each.name, reservedValue(each)]))
}

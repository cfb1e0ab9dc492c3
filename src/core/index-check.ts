import { ErrorCode } from './error-table.js'
import { BadRequestError } from './errors.js'

/**
 * What the check needs of a declared table: its name and its secondary indexes. The table
 * definitions (src/table/definition.ts) have this shape.
 */
export interface TableIndexes {
  readonly tableName: string
  readonly globalIndexes?: readonly { readonly name: string }[]
  readonly localIndexes?: readonly { readonly name: string }[]
}

/**
 * Refuses an `IndexName` that the table does not declare, before DynamoDB is asked: its own
 * answer (a ValidationException) would not say which indexes there are. The message lists
 * the table's indexes, or says it has none.
 *
 * @example
 * checkIndexName(orders, 'byColour')
 * // throws UnknownIndex: payload.IndexName "byColour" is not an index of table "orders"; its indexes: byStatus (global), byTotal (local).
 */
export function checkIndexName(table: TableIndexes, indexName: string | undefined): void {
  if (indexName === undefined) return
  const declared = [
    ...(table.globalIndexes ?? []).map((index) => ({ name: index.name, kind: 'global' })),
    ...(table.localIndexes ?? []).map((index) => ({ name: index.name, kind: 'local' })),
  ]
  if (declared.some((index) => index.name === indexName)) return
  const which =
    declared.length === 0
      ? 'it has no secondary index: leave IndexName out to read the table itself.'
      : `its indexes: ${declared.map((index) => `${index.name} (${index.kind})`).join(', ')}.`
  throw new BadRequestError(
    ErrorCode.UnknownIndex,
    `payload.IndexName ${JSON.stringify(indexName)} is not an index of table "${table.tableName}"; ${which}`,
  )
}

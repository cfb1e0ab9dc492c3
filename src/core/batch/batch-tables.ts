import { keyAttributesOf, TABLE, type TableDefinition } from '../../table/definition.js'
import { ErrorCode } from '../error-table.js'
import { BadRequestError } from '../errors.js'

/** The key of a table declared by no declaration: the lab's shape, `id`, as ALLOWED_TABLES assumes. */
const LAB_KEY_ATTRIBUTES: readonly string[] = keyAttributesOf(TABLE)

/** The tables a batch may name, and the key attributes of each. */
export interface BatchTables {
  /** Throws a 400 naming every table of `names` the API does not serve. */
  checkAllowed(names: readonly string[]): void
  /** The names of a table's key attributes, partition key first. */
  keyAttributesOf(table: string): readonly string[]
}

/**
 * The allowlist and the declared key schemas, as the batch checks read them. A table allowed
 * but not declared (ALLOWED_TABLES without a tables file) has the lab's key.
 *
 * @example
 * const tables = batchTables(['lambda-apigateway'], [])
 * tables.keyAttributesOf('lambda-apigateway') // → ['id']
 */
export function batchTables(
  allowedTables: readonly string[],
  declarations: readonly TableDefinition[],
): BatchTables {
  const allowed: ReadonlySet<string> = new Set(allowedTables)
  const keysByTable = new Map(
    declarations.map((table) => [table.tableName, keyAttributesOf(table)]),
  )
  return {
    checkAllowed(names) {
      const refused = names.filter((name) => !allowed.has(name))
      if (refused.length === 0) return
      throw new BadRequestError(
        ErrorCode.InvalidRequest,
        `payload.RequestItems names ${refused.length > 1 ? 'tables' : 'a table'} this API does not serve: ${refused.map((name) => `"${name}"`).join(', ')}. Allowed: ${[...allowed].join(', ')}. Nothing was read or written.`,
      )
    },
    keyAttributesOf: (table) => keysByTable.get(table) ?? LAB_KEY_ATTRIBUTES,
  }
}

import { tableDeclarationsOf } from '../table/declarations.js'
import type { TableDefinition } from '../table/definition.js'
import type { JsonObject } from './codec/json.js'

/**
 * The answer of `tables`: every declared table in the tables file's shape, the default first,
 * and the default's name. It comes from the declarations alone and touches no table, so a
 * caller learns the keys and indexes to send before its first read.
 *
 * @example
 * tablesAnswerOf([TABLE], 'lambda-apigateway')
 * // → { Tables: [{ name: 'lambda-apigateway', partitionKey: { name: 'id', type: 'S' } }],
 * //     DefaultTable: 'lambda-apigateway' }
 */
export function tablesAnswerOf(
  tables: readonly TableDefinition[],
  defaultTable: string,
): JsonObject {
  const ordered = [
    ...tables.filter((table) => table.tableName === defaultTable),
    ...tables.filter((table) => table.tableName !== defaultTable),
  ]
  // Declarations hold only strings, arrays and objects: JSON, which the type cannot say.
  const declared = tableDeclarationsOf(ordered) as unknown as JsonObject[]
  return { Tables: declared, DefaultTable: defaultTable }
}

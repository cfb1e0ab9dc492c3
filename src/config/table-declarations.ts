import { readFileSync } from 'node:fs'
import { parseTableDeclarations, TableDeclarationError } from '../table/declarations.js'
import { TABLE, type TableDefinition } from '../table/definition.js'
import { ConfigError, type Environment, readString, readTableList, readTableName } from './env.js'

/** The tables a service serves, and the one a request without `tableName` uses. */
export interface DeclaredTables {
  readonly tables: readonly TableDefinition[]
  readonly defaultTable: TableDefinition
}

/**
 * Which tables the service serves:
 * - `TABLES_FILE` (a path: what `npm start` takes) or `TABLES` (the file's JSON itself: what
 *   the CDK app gives the function, whose code has no file of ours to read) declares them;
 *   `TABLE_NAME` may then pick the default among them, else it is the first declared;
 * - without either, the lab's table under `TABLE_NAME`, and `ALLOWED_TABLES`, tables of the
 *   lab's shape (partition key `id`, a string), as before tables files existed.
 * A malformed declaration throws a ConfigError naming the variable, the table and the field.
 */
export function readDeclaredTables(env: Environment): DeclaredTables {
  const declared = readDeclarations(env)
  if (declared === undefined) {
    const tableName = readTableName(env, 'TABLE_NAME', TABLE.tableName)
    const names = [...new Set([tableName, ...readTableList(env, 'ALLOWED_TABLES')])]
    const tables = names.map((name) => ({ ...TABLE, tableName: name }))
    return { tables, defaultTable: tables[0] as TableDefinition }
  }
  const { variable, tables } = declared
  if (readString(env, 'ALLOWED_TABLES') !== undefined) {
    throw new ConfigError(
      'ALLOWED_TABLES',
      `set together with ${variable}: declare every table in the tables file instead, and unset ALLOWED_TABLES.`,
    )
  }
  const chosen = readString(env, 'TABLE_NAME')
  const defaultTable =
    chosen === undefined ? tables[0] : tables.find((table) => table.tableName === chosen)
  if (defaultTable === undefined) {
    throw new ConfigError(
      'TABLE_NAME',
      `"${chosen}" is not a table ${variable} declares; expected one of ${tables.map((table) => table.tableName).join(', ')}.`,
    )
  }
  return { tables, defaultTable }
}

function readDeclarations(
  env: Environment,
): { variable: string; tables: TableDefinition[] } | undefined {
  const path = readString(env, 'TABLES_FILE')
  const inline = readString(env, 'TABLES')
  if (path !== undefined && inline !== undefined) {
    throw new ConfigError('TABLES', 'set together with TABLES_FILE: keep one of the two.')
  }
  if (path !== undefined) {
    return { variable: 'TABLES_FILE', tables: parse('TABLES_FILE', readTablesFile(path), path) }
  }
  if (inline !== undefined) return { variable: 'TABLES', tables: parse('TABLES', inline, 'TABLES') }
  return undefined
}

function readTablesFile(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : String((error as Error).message)
    throw new ConfigError('TABLES_FILE', `cannot read "${path}": ${reason}.`)
  }
}

function parse(variable: string, text: string, source: string): TableDefinition[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(variable, `${source} is not JSON: ${(error as Error).message}.`)
  }
  try {
    return parseTableDeclarations(value, source)
  } catch (error) {
    if (error instanceof TableDeclarationError) throw new ConfigError(variable, error.message)
    throw error
  }
}

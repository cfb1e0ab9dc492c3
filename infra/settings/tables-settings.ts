import { ConfigError } from '../../src/config/env.js'
import { readDeclaredTables } from '../../src/config/table-declarations.js'
import type { TableDefinition } from '../../src/table/definition.js'
import { SettingsError, type SettingsReader } from './settings-reader.js'

/** The key that names the tables file (docs/tables.md), on the command line or in a settings file. */
export const TABLES_FILE_KEY = 'tablesFile'

/**
 * The tables the `tablesFile` key declares, read and checked exactly as `npm start` reads its
 * TABLES_FILE (src/config/table-declarations.ts), so that synth refuses what the local stack
 * would; undefined when the key is unset (the stack then creates the lab's table). A file that
 * cannot be read or a malformed declaration throws a SettingsError naming the key, the file,
 * the table and the field.
 *
 * @example
 * const tables = readTablesSettings(new SettingsReader(context))
 */
export function readTablesSettings(settings: SettingsReader): TableDefinition[] | undefined {
  const path = settings.string(TABLES_FILE_KEY)
  if (path === undefined) return undefined
  try {
    return [...readDeclaredTables({ TABLES_FILE: path }).tables]
  } catch (error) {
    if (error instanceof ConfigError) throw new SettingsError(TABLES_FILE_KEY, error.detail)
    throw error
  }
}

/** `allowedTables` names extra tables of the lab's shape: with a tables file, declare them there. */
export function checkNoAllowedTablesWithTablesFile(
  tables: readonly TableDefinition[] | undefined,
  allowedTables: readonly string[] | undefined,
): void {
  if (tables === undefined || allowedTables === undefined || allowedTables.length === 0) return
  throw new SettingsError(
    'allowedTables',
    `set together with ${TABLES_FILE_KEY}: declare every table in the tables file instead, and unset allowedTables.`,
  )
}

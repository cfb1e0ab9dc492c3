import type { DeclaredTable, TablesResult } from '../../client/api-types.js'
import type { DynamoDBManagerClient } from '../../client/client.js'
import { DynamoDBManagerError } from '../../client/errors.js'
import { UsageError } from '../exit-codes.js'

/** The table an import writes to, as the API declares it. */
export interface ImportTable {
  readonly name: string
  /** Its key attributes, partition key first. */
  readonly keyAttributes: readonly string[]
}

/**
 * An API without the `tables` operation declares no tables: it serves tables of the lab's
 * shape only (ALLOWED_TABLES), whose key is `id`.
 */
const LAB_SHAPE_KEY = ['id'] as const

/** A declared table as the import needs it: its name and key attributes. */
const importTableOf = ({ name, partitionKey, sortKey }: DeclaredTable): ImportTable => ({
  name,
  keyAttributes: sortKey === undefined ? [partitionKey.name] : [partitionKey.name, sortKey.name],
})

/** The `tables` answer, or undefined from an API that has no such operation. */
async function declaredTables(client: DynamoDBManagerClient): Promise<TablesResult | undefined> {
  try {
    // An API deployed before the tables operation existed answers UnknownOperation.
    return await client.tables()
  } catch (error) {
    if (error instanceof DynamoDBManagerError && error.code === 'UnknownOperation') return undefined
    throw error
  }
}

/**
 * The table named (by --table or $SERVERLESS_LAB_TABLE), else the API's default, with its
 * key attributes, from the API's `tables` answer: a batchWrite names its table in the
 * request, and the import needs the key to tell two lines of one item apart.
 */
export async function importTable(
  client: DynamoDBManagerClient,
  named: string | undefined,
): Promise<ImportTable> {
  const answer = await declaredTables(client)
  if (answer === undefined) {
    if (named !== undefined) return { name: named, keyAttributes: LAB_SHAPE_KEY }
    throw new UsageError(
      'import: the API does not list its tables (it has no "tables" operation): name the table with --table.',
    )
  }
  const tables = answer.Tables.map(importTableOf)
  const wanted = named ?? answer.DefaultTable
  const table = tables.find((each) => each.name === wanted)
  if (table !== undefined) return table
  throw new UsageError(
    `import: the API declares no table "${wanted}" (--table, $SERVERLESS_LAB_TABLE): name one of ${tables.map((each) => each.name).join(', ')}.`,
  )
}

import type { DynamoDBManagerClient } from '../../client/client.js'
import { DynamoDBManagerError } from '../../client/errors.js'
import { isJsonObject, type JsonValue } from '../../core/codec/json.js'
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

const nameOf = (value: JsonValue | undefined) =>
  isJsonObject(value) && typeof value.name === 'string' ? value.name : undefined

/** A table of the `tables` answer, or undefined when the entry is not one. */
function declaredTable(entry: JsonValue): ImportTable | undefined {
  const name = nameOf(entry)
  const partitionKey = isJsonObject(entry) ? nameOf(entry.partitionKey) : undefined
  if (name === undefined || partitionKey === undefined) return undefined
  const sortKey = isJsonObject(entry) ? nameOf(entry.sortKey) : undefined
  return { name, keyAttributes: sortKey === undefined ? [partitionKey] : [partitionKey, sortKey] }
}

/** The `tables` answer, or undefined from an API that has no such operation. */
async function declaredTables(client: DynamoDBManagerClient): Promise<JsonValue | undefined> {
  try {
    // An API deployed before the tables operation existed answers UnknownOperation.
    return (await client.tables()) as unknown as JsonValue
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
  const entries = isJsonObject(answer) && Array.isArray(answer.Tables) ? answer.Tables : []
  const tables = entries.map(declaredTable).filter((table) => table !== undefined)
  const wanted = named ?? (isJsonObject(answer) ? answer.DefaultTable : undefined)
  const table = tables.find((each) => each.name === wanted)
  if (table !== undefined) return table
  throw new UsageError(
    `import: the API declares no table "${String(wanted)}" (--table, $SERVERLESS_LAB_TABLE): name one of ${tables.map((each) => each.name).join(', ')}.`,
  )
}

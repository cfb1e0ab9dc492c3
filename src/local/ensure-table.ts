import type { TableDescription } from '@aws-sdk/client-dynamodb'
import type { DynamoDbClient } from '../dynamodb/client.js'
import type { TableDefinition } from '../table/definition.js'
import { createTableInput, schemaMismatch } from './table-schema.js'

export type TableStatus = 'created' | 'existing'

/**
 * Creates the table if it does not exist, from its declaration (which the CDK app reads too):
 * its keys and its global and local indexes, and waits until it is active. A table that
 * exists is checked against the declaration: if its keys or indexes differ, it throws a
 * TableMismatchError rather than serve a table that queries would find wanting.
 * `tableName` (default: the declared name) lets tests make tables of one shape under several names.
 */
export async function ensureTable(
  client: DynamoDbClient,
  definition: TableDefinition,
  tableName = definition.tableName,
): Promise<TableStatus> {
  const existing = await describe(client, tableName)
  if (existing !== undefined) {
    const mismatch = schemaMismatch(definition, existing, tableName)
    if (mismatch !== undefined) throw mismatch
    return 'existing'
  }
  try {
    await client.send('CreateTable', createTableInput(definition, tableName))
  } catch (error) {
    // Another process created it between our two calls: that is what we wanted.
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error
  }
  await waitUntilActive(client, tableName)
  return 'created'
}

async function describe(
  client: DynamoDbClient,
  tableName: string,
): Promise<TableDescription | undefined> {
  try {
    const { Table } = await client.send('DescribeTable', { TableName: tableName })
    return Table
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error
    return undefined
  }
}

/** How long a new table may take to become active; dynalite takes milliseconds. */
const ACTIVE_WITHIN_MS = 30_000
const POLL_EVERY_MS = 100

async function waitUntilActive(client: DynamoDbClient, tableName: string): Promise<void> {
  const giveUpAt = Date.now() + ACTIVE_WITHIN_MS
  for (;;) {
    const { Table } = await client.send('DescribeTable', { TableName: tableName })
    if (Table?.TableStatus === 'ACTIVE') return
    if (Date.now() > giveUpAt) {
      throw new Error(`Table "${tableName}" was not active within ${ACTIVE_WITHIN_MS / 1000} s.`)
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS))
  }
}

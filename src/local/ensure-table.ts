import type { DynamoDbClient } from '../dynamodb/client.js'
import type { TableDefinition } from '../table/definition.js'

export type TableStatus = 'created' | 'existing'

/**
 * Creates the table if it does not exist, from the one table definition (which the CDK
 * stack uses too), and waits until it is active. On-demand billing: locally capacity is moot.
 */
export async function ensureTable(
  client: DynamoDbClient,
  definition: TableDefinition,
  tableName: string,
): Promise<TableStatus> {
  try {
    await client.send('DescribeTable', { TableName: tableName })
    return 'existing'
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error
  }
  const keys = [
    { ...definition.partitionKey, role: 'HASH' as const },
    ...(definition.sortKey ? [{ ...definition.sortKey, role: 'RANGE' as const }] : []),
  ]
  try {
    await client.send('CreateTable', {
      TableName: tableName,
      AttributeDefinitions: keys.map((key) => ({
        AttributeName: key.name,
        AttributeType: key.type,
      })),
      KeySchema: keys.map((key) => ({ AttributeName: key.name, KeyType: key.role })),
      BillingMode: 'PAY_PER_REQUEST',
    })
  } catch (error) {
    // Another process created it between our two calls: that is what we wanted.
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error
  }
  await waitUntilActive(client, tableName)
  return 'created'
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

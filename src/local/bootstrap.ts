import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import type { TableDefinition } from '../table/definition.js'

export type TableStatus = 'created' | 'existing'

/**
 * Creates the table if it does not exist, from the one table definition (which the CDK
 * stack uses too), and waits until it is active. On-demand billing: locally capacity is moot.
 */
export async function ensureTable(
  client: DynamoDBClient,
  definition: TableDefinition,
  tableName: string,
): Promise<TableStatus> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }))
    return 'existing'
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error
  }
  const keys = [
    { ...definition.partitionKey, role: 'HASH' as const },
    ...(definition.sortKey ? [{ ...definition.sortKey, role: 'RANGE' as const }] : []),
  ]
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: keys.map((key) => ({
          AttributeName: key.name,
          AttributeType: key.type,
        })),
        KeySchema: keys.map((key) => ({ AttributeName: key.name, KeyType: key.role })),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
  } catch (error) {
    // Another process created it between our two calls: that is what we wanted.
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 30, minDelay: 1, maxDelay: 2 },
    { TableName: tableName },
  )
  return 'created'
}

/**
 * The one definition of the lab's table, used by the local bootstrap (CreateTable on the
 * embedded engine) and by the CDK stack, so that the two cannot drift apart.
 */
export const TABLE = {
  tableName: 'lambda-apigateway',
  partitionKey: { name: 'id', type: 'S' },
} as const satisfies TableDefinition

/**
 * What DynamoDB accepts as a table name: 3 to 255 of a-z, A-Z, 0-9, _ . -. The request schema
 * and the TABLE_NAME setting both check it.
 */
export const TABLE_NAME_RULE = {
  minLength: 3,
  maxLength: 255,
  pattern: '^[a-zA-Z0-9_.-]+$',
} as const

export interface KeyAttribute {
  readonly name: string
  readonly type: 'S' | 'N' | 'B'
}

export interface TableDefinition {
  readonly tableName: string
  readonly partitionKey: KeyAttribute
  readonly sortKey?: KeyAttribute
}

/** The names of a table's key attributes, partition key first. */
export function keyAttributesOf(table: TableDefinition): string[] {
  return [table.partitionKey.name, ...(table.sortKey === undefined ? [] : [table.sortKey.name])]
}

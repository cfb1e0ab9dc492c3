/**
 * The one definition of the lab's table, used by the local bootstrap (CreateTable on the
 * embedded engine) and by the CDK stack, so that the two cannot drift apart.
 */
export const TABLE = {
  tableName: 'lambda-apigateway',
  partitionKey: { name: 'id', type: 'S' },
} as const satisfies TableDefinition

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

/**
 * What a table is, for every part that creates or uses one: the local bootstrap (CreateTable
 * on the embedded engine), the CDK stack, the handler's allowlist and index checks, the console
 * and the CLI. Users declare their tables in a tables file (declarations.ts reads it); the
 * lab's own table, below, is what runs when there is none.
 */

export type KeyType = 'S' | 'N' | 'B'

export interface KeyAttribute {
  readonly name: string
  readonly type: KeyType
}

/** Which attributes an index copies: DynamoDB's ProjectionType (INCLUDE names its extras). */
export type Projection = 'ALL' | 'KEYS_ONLY' | { readonly include: readonly string[] }

export interface GlobalIndexDefinition {
  readonly name: string
  readonly partitionKey: KeyAttribute
  readonly sortKey?: KeyAttribute
  readonly projection: Projection
}

/** A local index shares the table's partition key; only its sort key is its own. */
export interface LocalIndexDefinition {
  readonly name: string
  readonly sortKey: KeyAttribute
  readonly projection: Projection
}

/** How the CDK app bills a table; the local engine ignores it. */
export type TableBillingMode = 'onDemand' | 'provisioned'

export interface TableDefinition {
  readonly tableName: string
  readonly partitionKey: KeyAttribute
  readonly sortKey?: KeyAttribute
  readonly globalIndexes?: readonly GlobalIndexDefinition[]
  readonly localIndexes?: readonly LocalIndexDefinition[]
  /** The attribute DynamoDB's time to live reads (epoch seconds); AWS only. */
  readonly ttlAttribute?: string
  /** @default the CDK app's `billing` setting */
  readonly billing?: TableBillingMode
}

/** The lab's table: what the service serves when no tables file declares others. */
export const TABLE = {
  tableName: 'lambda-apigateway',
  partitionKey: { name: 'id', type: 'S' },
} as const satisfies TableDefinition

/** The names of a table's key attributes, partition key first. */
export function keyAttributesOf(table: TableDefinition): string[] {
  return [table.partitionKey.name, ...(table.sortKey === undefined ? [] : [table.sortKey.name])]
}

/** The names of a table's secondary indexes, global ones first. */
export function indexNamesOf(table: TableDefinition): string[] {
  return [
    ...(table.globalIndexes ?? []).map((index) => index.name),
    ...(table.localIndexes ?? []).map((index) => index.name),
  ]
}

/**
 * Every attribute a table or one of its indexes uses as a key, once each: CreateTable's
 * AttributeDefinitions. The declarations reader has checked that each name has one type.
 */
export function keyAttributeDefinitionsOf(table: TableDefinition): KeyAttribute[] {
  const byName = new Map<string, KeyAttribute>()
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...(table.globalIndexes ?? []).flatMap((index) => [index.partitionKey, index.sortKey]),
    ...(table.localIndexes ?? []).map((index) => index.sortKey),
  ]
  for (const key of keys) if (key !== undefined && !byName.has(key.name)) byName.set(key.name, key)
  return [...byName.values()]
}

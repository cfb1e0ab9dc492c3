import type {
  AttributeDefinition,
  CreateTableCommandInput,
  Projection as DynamoDbProjection,
  KeySchemaElement,
  TableDescription,
} from '@aws-sdk/client-dynamodb'
import {
  type KeyAttribute,
  keyAttributeDefinitionsOf,
  type Projection,
  type TableDefinition,
} from '../table/definition.js'

/**
 * A table's schema as CreateTable takes it, and as DescribeTable tells it: what the local
 * stack creates from a declaration, and checks an existing table against.
 */

function keySchemaOf(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey === undefined ? [] : [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }]),
  ]
}

function projectionOf(projection: Projection): DynamoDbProjection {
  return typeof projection === 'string'
    ? { ProjectionType: projection }
    : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.include] }
}

/**
 * CreateTable's input for a declared table: its keys, its global and local indexes with their
 * projections. On-demand billing: locally capacity is moot. The TTL attribute is not here:
 * CreateTable does not take it, and the embedded engine has no UpdateTimeToLive (docs/api.md).
 */
export function createTableInput(
  table: TableDefinition,
  tableName = table.tableName,
): CreateTableCommandInput {
  const globalIndexes = table.globalIndexes ?? []
  const localIndexes = table.localIndexes ?? []
  return {
    TableName: tableName,
    AttributeDefinitions: keyAttributeDefinitionsOf(table).map((key) => ({
      AttributeName: key.name,
      AttributeType: key.type,
    })),
    KeySchema: keySchemaOf(table.partitionKey, table.sortKey),
    ...(globalIndexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: globalIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchemaOf(index.partitionKey, index.sortKey),
            Projection: projectionOf(index.projection),
          })),
        }),
    ...(localIndexes.length === 0
      ? {}
      : {
          LocalSecondaryIndexes: localIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchemaOf(table.partitionKey, index.sortKey),
            Projection: projectionOf(index.projection),
          })),
        }),
    BillingMode: 'PAY_PER_REQUEST',
  }
}

/** Each part of a schema (the keys, each index by name) in words, to compare and to report. */
type SchemaParts = Map<string, string>

function projectionWords(projection: DynamoDbProjection | undefined): string {
  const type = projection?.ProjectionType ?? 'ALL'
  if (type !== 'INCLUDE') return `projection ${type}`
  return `projection INCLUDE ${[...(projection?.NonKeyAttributes ?? [])].sort().join(' ')}`
}

function partsOf(input: {
  KeySchema?: KeySchemaElement[]
  AttributeDefinitions?: AttributeDefinition[]
  GlobalSecondaryIndexes?: Array<{
    IndexName?: string
    KeySchema?: KeySchemaElement[]
    Projection?: DynamoDbProjection
  }>
  LocalSecondaryIndexes?: Array<{
    IndexName?: string
    KeySchema?: KeySchemaElement[]
    Projection?: DynamoDbProjection
  }>
}): SchemaParts {
  const types = new Map(
    (input.AttributeDefinitions ?? []).map((each) => [each.AttributeName, each.AttributeType]),
  )
  const key = (schema: KeySchemaElement[] | undefined, role: 'HASH' | 'RANGE') => {
    const name = schema?.find((each) => each.KeyType === role)?.AttributeName
    return name === undefined ? undefined : `${name} (${types.get(name) ?? '?'})`
  }
  const parts: SchemaParts = new Map()
  const put = (label: string, words: string | undefined) => {
    if (words !== undefined) parts.set(label, words)
  }
  put('partition key', key(input.KeySchema, 'HASH'))
  put('sort key', key(input.KeySchema, 'RANGE'))
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    const keys = [key(index.KeySchema, 'HASH'), key(index.KeySchema, 'RANGE')]
    const words = [...keys.filter((each) => each !== undefined), projectionWords(index.Projection)]
    put(`global index "${index.IndexName}"`, `(${words.join(', ')})`)
  }
  // A local index's partition key is the table's, compared above.
  for (const index of input.LocalSecondaryIndexes ?? []) {
    const words = [key(index.KeySchema, 'RANGE') ?? '', projectionWords(index.Projection)]
    put(`local index "${index.IndexName}"`, `(${words.join(', ')})`)
  }
  return parts
}

/** An existing table is not what its declaration says: `message` says how, in one line. */
export class TableMismatchError extends Error {
  override readonly name = 'TableMismatchError'

  constructor(
    readonly tableName: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * How an existing table differs from its declaration: its keys, and each index's keys and
 * projection (an index it has that is not declared, or lacks, counts). Undefined when it is
 * as declared. Billing and TTL are not compared: the embedded engine ignores both.
 *
 * @example
 * schemaMismatch(declared, describeTableOutput.Table)
 * // → 'Table "orders" exists with partition key id (S), but is declared with partition key pk (S).'
 */
export function schemaMismatch(
  table: TableDefinition,
  existing: TableDescription,
  tableName = table.tableName,
): TableMismatchError | undefined {
  const declared = partsOf(createTableInput(table, tableName))
  const found = partsOf(existing)
  const labels = [...new Set([...declared.keys(), ...found.keys()])]
  const differing = labels.filter((label) => declared.get(label) !== found.get(label))
  if (differing.length === 0) return undefined
  const words = (parts: SchemaParts) =>
    differing
      .map((label) => (parts.has(label) ? `${label} ${parts.get(label)}` : `no ${label}`))
      .join(', ')
  return new TableMismatchError(
    tableName,
    `Table "${tableName}" exists with ${words(found)}, but is declared with ${words(declared)}.`,
  )
}

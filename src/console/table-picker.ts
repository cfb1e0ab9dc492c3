import type { DeclaredTable, TablesResult } from '../client/api-types.js'
import type { KeyAttribute, KeySource } from './key-condition.js'

/** What a read can go through: the table's own key, or one of its secondary indexes. */
export interface IndexChoice extends KeySource {
  readonly kind: 'table' | 'global' | 'local'
}

/** The table's own key, then its global and local indexes: a local index keys on the table's partition key. */
export function indexChoicesOf(table: DeclaredTable): IndexChoice[] {
  return [
    {
      kind: 'table',
      indexName: undefined,
      partitionKey: table.partitionKey,
      sortKey: table.sortKey,
    },
    ...(table.globalIndexes ?? []).map((index) => ({
      kind: 'global' as const,
      indexName: index.name,
      partitionKey: index.partitionKey,
      sortKey: index.sortKey,
    })),
    ...(table.localIndexes ?? []).map((index) => ({
      kind: 'local' as const,
      indexName: index.name,
      partitionKey: table.partitionKey,
      sortKey: index.sortKey,
    })),
  ]
}

/** The names of a table's or an index's key attributes, partition key first. */
export const keyNamesOf = (source: KeySource): string[] => [
  source.partitionKey.name,
  ...(source.sortKey === undefined ? [] : [source.sortKey.name]),
]

export const keyText = (key: KeyAttribute): string => `${key.name} (${key.type})`

function option(value: string, text: string): HTMLOptionElement {
  const element = document.createElement('option')
  element.value = value
  element.textContent = text
  return element
}

/** The query parameter that names the open table: `/?table=orders`. */
const TABLE_PARAMETER = 'table'

/**
 * The table the page's address names, if the API serves it, else the default: a reload or
 * a shared link opens the table that was open.
 */
export function tableOfAddress({ Tables, DefaultTable }: TablesResult, address: URL): string {
  const named = address.searchParams.get(TABLE_PARAMETER)
  return Tables.some(({ name }) => name === named) ? (named as string) : DefaultTable
}

/** The page's address with `table` in it; the default table needs no parameter. */
export function addressWithTable(address: URL, table: string, { DefaultTable }: TablesResult): URL {
  const next = new URL(address)
  if (table === DefaultTable) next.searchParams.delete(TABLE_PARAMETER)
  else next.searchParams.set(TABLE_PARAMETER, table)
  return next
}

/** The tables the API serves, the default first and marked so; `chosen` selected. */
export function fillTablePicker(
  select: HTMLSelectElement,
  { Tables, DefaultTable }: TablesResult,
  chosen: string,
): void {
  select.replaceChildren(
    ...Tables.map(({ name }) => option(name, name === DefaultTable ? `${name} (default)` : name)),
  )
  select.value = chosen
}

/** The table itself, then each index, with the keys a query on it takes. */
export function fillIndexPicker(select: HTMLSelectElement, table: DeclaredTable): void {
  select.replaceChildren(
    ...indexChoicesOf(table).map((choice) =>
      option(
        choice.indexName ?? '',
        `${choice.indexName ?? table.name} (${choice.kind}): ${keyNamesOf(choice).join(', ')}`,
      ),
    ),
  )
}

/** One line on what the declaration says of the table: its key, its indexes, its TTL. */
export function tableSummary(table: DeclaredTable): string {
  const indexes = indexChoicesOf(table).filter((choice) => choice.kind !== 'table')
  return [
    `Key: ${[table.partitionKey, ...(table.sortKey === undefined ? [] : [table.sortKey])].map(keyText).join(', ')}`,
    `Indexes: ${indexes.length === 0 ? 'none' : indexes.map((index) => `${index.indexName} (${index.kind})`).join(', ')}`,
    ...(table.ttlAttribute === undefined ? [] : [`TTL: ${table.ttlAttribute}`]),
  ].join(' · ')
}

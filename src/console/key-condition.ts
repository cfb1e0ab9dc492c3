import type { DeclaredTable } from '../client/api-types.js'
import type { JsonObject, JsonValue } from '../client/json-codec.js'

export type KeyAttribute = DeclaredTable['partitionKey']

/** What a query reads by: the table's own key (no indexName) or one of its indexes'. */
export interface KeySource {
  readonly indexName: string | undefined
  readonly partitionKey: KeyAttribute
  readonly sortKey: KeyAttribute | undefined
}

/** The sort key conditions DynamoDB's Query takes, by the name the form sends. */
export const SORT_OPERATORS = ['=', '<', '<=', '>', '>=', 'begins_with', 'between'] as const
export type SortOperator = (typeof SORT_OPERATORS)[number]

export interface KeyConditionFields {
  readonly partitionValue: string
  /** No operator: every item of the partition. */
  readonly sortOperator: SortOperator | undefined
  readonly sortValue: string
  /** The upper bound of `between`. */
  readonly sortValueTo: string
}

/** A mistake in the form, said before any request is sent. */
export class FormError extends Error {}

/**
 * The tokens the built condition uses. Unusual on purpose, so that they do not meet the
 * user's own in the filter's names and values; if they do, the form says so.
 */
const NAME_TOKENS = ['#keyPartition', '#keySort'] as const
const VALUE_TOKENS = [':keyPartition', ':keySort', ':keySortTo'] as const

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * A key value as the API's encoding writes its type: a string as is, a number as
 * `{"$N": digits}` (every digit kept), binary as `{"$B": base64}`.
 */
function keyValue(key: KeyAttribute, text: string, what: string): JsonValue {
  if (text === '') throw new FormError(`Enter a value for ${what} ${key.name}.`)
  if (key.type === 'S') return text
  if (key.type === 'N') {
    if (!NUMBER.test(text))
      throw new FormError(`${key.name} is a Number key: "${text}" is not a number, e.g. 42 or 3.5.`)
    return { $N: text }
  }
  if (!BASE64.test(text))
    throw new FormError(`${key.name} is a Binary key: "${text}" is not base64, e.g. aGVsbG8=.`)
  return { $B: text }
}

/**
 * The KeyConditionExpression of a query on `source`'s keys, with the names and values it
 * uses: the partition key equal to the value given, and the sort key as the operator says.
 *
 * @example
 * keyConditionOf(
 *   { indexName: 'byStatus', partitionKey: { name: 'status', type: 'S' }, sortKey: undefined },
 *   { partitionValue: 'open', sortOperator: undefined, sortValue: '', sortValueTo: '' },
 * )
 * // → { expression: '#keyPartition = :keyPartition',
 * //     names: { '#keyPartition': 'status' }, values: { ':keyPartition': 'open' } }
 */
export function keyConditionOf(
  source: KeySource,
  fields: KeyConditionFields,
): { expression: string; names: Record<string, string>; values: JsonObject } {
  const [partitionName, sortName] = NAME_TOKENS
  const [partitionValue, sortValue, sortValueTo] = VALUE_TOKENS
  const names: Record<string, string> = { [partitionName]: source.partitionKey.name }
  const values: JsonObject = {
    [partitionValue]: keyValue(source.partitionKey, fields.partitionValue, 'the partition key'),
  }
  const partition = `${partitionName} = ${partitionValue}`
  const operator = fields.sortOperator
  if (operator === undefined || source.sortKey === undefined)
    return { expression: partition, names, values }
  names[sortName] = source.sortKey.name
  values[sortValue] = keyValue(source.sortKey, fields.sortValue, 'the sort key')
  let sort = `${sortName} ${operator} ${sortValue}`
  if (operator === 'begins_with') sort = `begins_with(${sortName}, ${sortValue})`
  if (operator === 'between') {
    values[sortValueTo] = keyValue(source.sortKey, fields.sortValueTo, 'the upper bound of')
    sort = `${sortName} BETWEEN ${sortValue} AND ${sortValueTo}`
  }
  return { expression: `${partition} AND ${sort}`, names, values }
}

/** The filter's own names or values with the key condition's added; a shared token is refused. */
export function withKeyTokens<T>(
  own: Readonly<Record<string, T>> | undefined,
  added: Readonly<Record<string, T>>,
): Record<string, T> {
  for (const token of Object.keys(added)) {
    if (own !== undefined && Object.hasOwn(own, token))
      throw new FormError(
        `${token} is used by the key condition; give your own name or value another token.`,
      )
  }
  return { ...own, ...added }
}

import type { ListRequest, QueryRequest } from '../client/api-types.js'
import { isJsonObject, type JsonObject } from '../client/json-codec.js'
import { parseJsonText } from './json-text.js'
import {
  FormError,
  type KeySource,
  keyConditionOf,
  SORT_OPERATORS,
  type SortOperator,
  withKeyTokens,
} from './key-condition.js'

export { FormError } from './key-condition.js'

export type ReadRequest =
  | { readonly operation: 'list'; readonly payload: ListRequest }
  | { readonly operation: 'query'; readonly payload: QueryRequest }

function jsonObjectField(form: FormData, name: string, label: string): JsonObject | undefined {
  const text = String(form.get(name) ?? '').trim()
  if (text === '') return undefined
  const parsed = parseJsonText(text)
  if ('error' in parsed) throw new FormError(`${label} is not valid JSON: ${parsed.error}`)
  if (!isJsonObject(parsed.value))
    throw new FormError(`${label} must be a JSON object, e.g. {"#n": "name"}.`)
  return parsed.value
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim()

function sortOperatorOf(form: FormData): SortOperator | undefined {
  const operator = text(form, 'sortOperator')
  return (SORT_OPERATORS as readonly string[]).includes(operator)
    ? (operator as SortOperator)
    : undefined
}

/**
 * The Scan or Query the filter form describes, without its start key (the pager's), on the
 * table or index of `source`: a query's key condition is built from the key fields, on that
 * source's declared keys.
 */
export function readRequestOf(form: FormData, source: KeySource): ReadRequest {
  const filter = text(form, 'filter')
  const names = jsonObjectField(form, 'names', 'Expression attribute names') as
    | Record<string, string>
    | undefined
  const values = jsonObjectField(form, 'values', 'Expression attribute values')
  const common = {
    Limit: Number(form.get('limit') ?? 25),
    ...(source.indexName === undefined ? {} : { IndexName: source.indexName }),
    ...(filter === '' ? {} : { FilterExpression: filter }),
  }
  const withExpressions = (
    allNames: Record<string, string> | undefined,
    allValues: JsonObject | undefined,
  ) => ({
    ...(allNames === undefined ? {} : { ExpressionAttributeNames: allNames }),
    ...(allValues === undefined ? {} : { ExpressionAttributeValues: allValues }),
  })
  if (form.get('mode') !== 'query')
    return { operation: 'list', payload: { ...common, ...withExpressions(names, values) } }
  const key = keyConditionOf(source, {
    partitionValue: text(form, 'partitionValue'),
    sortOperator: sortOperatorOf(form),
    sortValue: text(form, 'sortValue'),
    sortValueTo: text(form, 'sortValueTo'),
  })
  return {
    operation: 'query',
    payload: {
      ...common,
      KeyConditionExpression: key.expression,
      ...withExpressions(withKeyTokens(names, key.names), withKeyTokens(values, key.values)),
    },
  }
}

import type { ListRequest, QueryRequest } from '../client/api-types.js'
import { isJsonObject, type JsonObject } from '../client/json-codec.js'
import { parseJsonText } from './json-text.js'

export type ReadRequest =
  | { readonly operation: 'list'; readonly payload: ListRequest }
  | { readonly operation: 'query'; readonly payload: QueryRequest }

/** A mistake in the filter form, said before any request is sent. */
export class FormError extends Error {}

function jsonObjectField(form: FormData, name: string, label: string): JsonObject | undefined {
  const text = String(form.get(name) ?? '').trim()
  if (text === '') return undefined
  const parsed = parseJsonText(text)
  if ('error' in parsed) throw new FormError(`${label} is not valid JSON: ${parsed.error}`)
  if (!isJsonObject(parsed.value))
    throw new FormError(`${label} must be a JSON object, e.g. {"#n": "name"}.`)
  return parsed.value
}

/** The Scan or Query the filter form describes, without its start key (the pager's). */
export function readRequestOf(form: FormData): ReadRequest {
  const filter = String(form.get('filter') ?? '').trim()
  const names = jsonObjectField(form, 'names', 'Expression attribute names')
  const values = jsonObjectField(form, 'values', 'Expression attribute values')
  const common = {
    Limit: Number(form.get('limit') ?? 25),
    ...(filter === '' ? {} : { FilterExpression: filter }),
    ...(names === undefined ? {} : { ExpressionAttributeNames: names as Record<string, string> }),
    ...(values === undefined ? {} : { ExpressionAttributeValues: values }),
  }
  if (form.get('mode') !== 'query') return { operation: 'list', payload: common }
  const keyCondition = String(form.get('keyCondition') ?? '').trim()
  if (keyCondition === '')
    throw new FormError(
      'A query needs a key condition expression, e.g. id = :id, with ":id" in the expression attribute values.',
    )
  return { operation: 'query', payload: { ...common, KeyConditionExpression: keyCondition } }
}

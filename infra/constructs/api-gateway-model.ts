import { isRecord, type JsonObject, type JsonValue } from '../../src/core/codec/json.js'
import { Envelope } from '../../src/core/schema/envelope.js'

/**
 * API Gateway request models are JSON Schema draft 4, while the request schemas are written
 * with TypeBox, which emits the 2020-12 dialect. This module turns the one into the other, so
 * that the model API Gateway validates against is generated from the schema the handler
 * validates against and cannot drift from it.
 */

export const DRAFT_4_URI = 'http://json-schema.org/draft-04/schema#'

/** A JSON Schema in the draft 4 dialect: plain JSON, as API Gateway stores it. */
export type Draft4Schema = JsonObject

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = new Set(['additionalItems', 'additionalProperties', 'not', 'items'])
/** Keywords whose value is an array of schemas. */
const SCHEMA_ARRAY_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'items'])
/** Keywords whose value maps names (chosen by the author) to schemas. */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions'])
/** The rest of draft 4's validation and annotation keywords, kept as they are. */
const PLAIN_KEYWORDS = new Set([
  'title',
  'description',
  'default',
  'type',
  'enum',
  'format',
  'multipleOf',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'dependencies',
])

/**
 * Draft 6 turned `exclusiveMinimum`/`exclusiveMaximum` from a flag on `minimum`/`maximum` into
 * a bound of its own; draft 4 wants the flag form. Where a schema has both bounds, the tighter
 * one is kept, so the result is the same constraint.
 */
function convertBound(
  schema: Record<string, unknown>,
  result: Record<string, JsonValue>,
  inclusive: 'minimum' | 'maximum',
  exclusive: 'exclusiveMinimum' | 'exclusiveMaximum',
): void {
  const bound = schema[inclusive]
  const exclusiveBound = schema[exclusive]
  const tighter = (a: number, b: number) => (inclusive === 'minimum' ? a >= b : a <= b)
  if (typeof exclusiveBound === 'number') {
    if (typeof bound === 'number' && !tighter(exclusiveBound, bound)) {
      result[inclusive] = bound
    } else {
      result[inclusive] = exclusiveBound
      result[exclusive] = true
    }
    return
  }
  if (typeof bound === 'number') result[inclusive] = bound
  if (typeof exclusiveBound === 'boolean' && typeof bound === 'number')
    result[exclusive] = exclusiveBound
}

/**
 * Converts one JSON Schema (2020-12, as TypeBox writes it) to draft 4: `const` becomes a
 * one-value `enum`, numeric exclusive bounds become draft 4's boolean flags, boolean schemas
 * become `{}` and `{"not": {}}`, an empty `required` (which draft 4 forbids) is dropped, and
 * every keyword that draft 4 lacks (`$id`, `examples`, `contains`, `propertyNames`, `if`,
 * `$defs`, `unevaluatedProperties`, …) is dropped, so that the result only ever constrains
 * less than the source, never more.
 *
 * @example
 * toDraft4({ type: 'object', properties: { op: { const: 'ping' } }, examples: [] })
 * // → { type: 'object', properties: { op: { enum: ['ping'] } } }
 */
export function toDraft4(schema: unknown): Draft4Schema {
  if (schema === true) return {}
  if (schema === false) return { not: {} }
  if (!isRecord(schema)) return {}
  const result: Record<string, JsonValue> = {}
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'const') {
      result.enum = [value as JsonValue]
    } else if (SCHEMA_ARRAY_KEYWORDS.has(keyword) && Array.isArray(value)) {
      result[keyword] = value.map(toDraft4)
    } else if (SCHEMA_KEYWORDS.has(keyword)) {
      // additionalProperties: false stays a boolean: draft 4 allows it there.
      result[keyword] = typeof value === 'boolean' && keyword !== 'not' ? value : toDraft4(value)
    } else if (SCHEMA_MAP_KEYWORDS.has(keyword) && isRecord(value)) {
      result[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, each]) => [name, toDraft4(each)]),
      )
    } else if (keyword === 'required') {
      if (Array.isArray(value) && value.length > 0) result.required = value as JsonValue[]
    } else if (PLAIN_KEYWORDS.has(keyword)) {
      result[keyword] = value as JsonValue
    }
  }
  convertBound(schema, result, 'minimum', 'exclusiveMinimum')
  convertBound(schema, result, 'maximum', 'exclusiveMaximum')
  return result
}

/**
 * The request model of `POST /DynamoDBManager`: the envelope schema the handler validates
 * first, in draft 4. The payload is left to the handler, whose errors name the payload key
 * at fault; API Gateway's messages for a failed `oneOf` over eight operations would not.
 *
 * @example
 * api.addModel('Request', { contentType: 'application/json', schema: apiGatewayRequestModel() })
 */
export function apiGatewayRequestModel(): Draft4Schema {
  return { $schema: DRAFT_4_URI, title: 'DynamoDBManagerRequest', ...toDraft4(Envelope) }
}

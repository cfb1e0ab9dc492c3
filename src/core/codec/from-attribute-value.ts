import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { type AttributeMap, TypedKey, toBase64, typedKeys } from './attribute-encoding.js'
import { type JsonObject, type JsonValue, LosslessNumber, setOwn } from './json.js'

/*
 * AttributeValue → JSON: DynamoDB's answers in the API's encoding (attribute-encoding.ts).
 */

/**
 * Decodes a DynamoDB AttributeValue into the API's JSON encoding. Whatever another client
 * wrote (sets, binary, NULL, nested lists and maps) comes out losslessly; numbers come out
 * as LosslessNumber with DynamoDB's own digits.
 */
export function fromAttributeValue(value: AttributeValue): JsonValue {
  if (value.S !== undefined) return value.S
  if (value.N !== undefined) return new LosslessNumber(value.N)
  if (value.BOOL !== undefined) return value.BOOL
  if (value.NULL !== undefined) return null
  if (value.M !== undefined) {
    const object = fromAttributeMap(value.M)
    const keys = Object.keys(object)
    // A map that would read back as a typed value is escaped, so that writing it back
    // yields the same map.
    return keys.length === 1 && typedKeys.has(keys[0] ?? '') ? { [TypedKey.Map]: object } : object
  }
  if (value.L !== undefined) return value.L.map(fromAttributeValue)
  if (value.B !== undefined) return { [TypedKey.Binary]: toBase64(value.B) }
  if (value.SS !== undefined) return { [TypedKey.StringSet]: value.SS }
  if (value.NS !== undefined) {
    return { [TypedKey.NumberSet]: value.NS.map((digits) => new LosslessNumber(digits)) }
  }
  if (value.BS !== undefined) return { [TypedKey.BinarySet]: value.BS.map(toBase64) }
  // A type this API does not know yet: better a clear 500 in the log than a silent loss.
  throw new Error(`Unsupported DynamoDB attribute type: ${Object.keys(value).join(', ')}`)
}

export function fromAttributeMap(map: AttributeMap): JsonObject {
  const object: JsonObject = {}
  for (const name of Object.keys(map)) {
    const attribute = map[name]
    if (attribute !== undefined) setOwn(object, name, fromAttributeValue(attribute))
  }
  return object
}

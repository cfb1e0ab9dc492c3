import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { ErrorCode } from '../error-table.js'
import { BadRequestError } from '../errors.js'
import { type AttributeMap, TypedKey, toBase64, typedKeys } from './attribute-encoding.js'
import { isJsonObject, type JsonObject, type JsonValue, LosslessNumber } from './json.js'
import { canonicalNumber } from './number-value.js'

/*
 * JSON → AttributeValue: a request's items, keys and expression values into DynamoDB's
 * types, refusing with a 400 that names the attribute at fault what DynamoDB would refuse
 * (or could not carry) rather than storing something else. The encoding is defined in
 * attribute-encoding.ts.
 */

/**
 * An attribute name the JavaScript SDK cannot carry: its serialiser assigns `map[name]`,
 * which for `__proto__` replaces the object's prototype and drops the attribute. Refusing it
 * is better than losing it silently.
 */
const UNCARRIABLE_NAME = '__proto__'

/** A codec failure, with the path of the attribute at fault filled in on the way up. */
class EncodingError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string[] = [],
  ) {
    super(reason)
  }
}

function fail(reason: string): never {
  throw new EncodingError(reason)
}

function within<T>(segment: string, encode: () => T): T {
  try {
    return encode()
  } catch (error) {
    if (error instanceof EncodingError) error.path.unshift(segment)
    throw error
  }
}

function describePath(path: readonly string[]): string {
  return path.reduce(
    (text, segment) => (segment.startsWith('[') ? `${text}${segment}` : `${text}.${segment}`),
    '',
  )
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function decodeBase64(text: JsonValue, what: string): Uint8Array {
  if (typeof text !== 'string' || !BASE64.test(text)) {
    fail(`${what} must be a base64 string (RFC 4648, with padding)`)
  }
  return Buffer.from(text, 'base64')
}

function numberText(value: JsonValue, what: string): string {
  if (value instanceof LosslessNumber) return value.value
  // {"$N": "digits"} is an exact number wherever a number goes, set elements included:
  // it is how a direct invocation returns numbers that a double cannot hold.
  if (isJsonObject(value) && Object.keys(value).length === 1 && TypedKey.Number in value) {
    return numberText(value[TypedKey.Number] ?? null, what)
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${what} must be a finite number`)
    return String(value)
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return value.trim()
  }
  fail(`${what} must be a number, or a string holding one`)
}

function wellFormedString(value: string): string {
  // A lone surrogate cannot be encoded as UTF-8: the SDK would replace it with U+FFFD.
  if (!value.isWellFormed()) fail('a string holds an unpaired UTF-16 surrogate (invalid Unicode)')
  return value
}

function arrayOf(value: JsonValue, key: TypedKey): JsonValue[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(`a ${key} set must be a non-empty array (DynamoDB has no empty sets)`)
  }
  return value
}

/**
 * DynamoDB nests lists and maps at most 32 levels deep. The embedded engine does not check
 * it, so the codec does: the local stack refuses what AWS would refuse.
 */
const MAX_ATTRIBUTE_DEPTH = 32

function nested(depth: number): number {
  if (depth > MAX_ATTRIBUTE_DEPTH)
    fail(`lists and maps nest more than ${MAX_ATTRIBUTE_DEPTH} levels deep, DynamoDB's limit`)
  return depth
}

/**
 * A set holds each value once. DynamoDB refuses a duplicate (numbers by value: 1 and 1.0 are
 * one); the embedded engine lets some through (two empty strings), so the codec checks.
 */
function unique<Element>(
  key: TypedKey,
  elements: Element[],
  identity: (element: Element) => string,
): Element[] {
  const seen = new Set<string>()
  for (const [index, element] of elements.entries()) {
    const id = identity(element)
    if (seen.has(id))
      within(`[${index}]`, () =>
        fail(`a ${key} set holds this value twice; a set holds each value once`),
      )
    seen.add(id)
  }
  return elements
}

function encodeTyped(key: TypedKey, value: JsonValue, depth: number): AttributeValue {
  switch (key) {
    case TypedKey.Binary:
      return { B: decodeBase64(value, '$B') }
    case TypedKey.Number:
      return { N: numberText(value, '$N') }
    case TypedKey.Map:
      if (!isJsonObject(value)) fail('$M must be an object')
      return { M: toAttributeMap(value, nested(depth)) }
    case TypedKey.StringSet:
      return {
        SS: unique(
          key,
          arrayOf(value, key).map((element, index) =>
            within(`[${index}]`, () =>
              typeof element === 'string'
                ? wellFormedString(element)
                : fail('a $SS element must be a string'),
            ),
          ),
          (element) => element,
        ),
      }
    case TypedKey.NumberSet:
      return {
        NS: unique(
          key,
          arrayOf(value, key).map((element, index) =>
            within(`[${index}]`, () => numberText(element, 'a $NS element')),
          ),
          canonicalNumber,
        ),
      }
    case TypedKey.BinarySet:
      return {
        BS: unique(
          key,
          arrayOf(value, key).map((element, index) =>
            within(`[${index}]`, () => decodeBase64(element, 'a $BS element')),
          ),
          toBase64,
        ),
      }
  }
}

/** `depth`: how many lists and maps enclose this value; a top-level attribute's is 1. */
function toAttributeValueUnchecked(value: JsonValue, depth: number): AttributeValue {
  if (value === null) return { NULL: true }
  switch (typeof value) {
    case 'string':
      return { S: wellFormedString(value) }
    case 'boolean':
      return { BOOL: value }
    case 'number':
      return { N: numberText(value, 'a number') }
  }
  if (value instanceof LosslessNumber) return { N: value.value }
  if (Array.isArray(value)) {
    const inner = nested(depth) + 1
    return {
      L: value.map((element, index) =>
        within(`[${index}]`, () => toAttributeValueUnchecked(element, inner)),
      ),
    }
  }
  const keys = Object.keys(value)
  const onlyKey = keys.length === 1 ? keys[0] : undefined
  if (onlyKey !== undefined && typedKeys.has(onlyKey)) {
    return within(onlyKey, () => encodeTyped(onlyKey as TypedKey, value[onlyKey] ?? null, depth))
  }
  return { M: toAttributeMap(value, nested(depth)) }
}

/** `depth`: how many lists and maps enclose the map; an item's is 0. */
function toAttributeMap(object: JsonObject, depth: number): AttributeMap {
  const map: AttributeMap = {}
  for (const name of Object.keys(object)) {
    if (name === UNCARRIABLE_NAME) {
      fail(`the attribute name "${UNCARRIABLE_NAME}" cannot be stored through this API`)
    }
    wellFormedString(name)
    map[name] = within(name, () => toAttributeValueUnchecked(object[name] ?? null, depth + 1))
  }
  return map
}

function rethrowAsBadRequest(error: unknown, field: string): never {
  if (error instanceof EncodingError) {
    throw new BadRequestError(
      ErrorCode.ValidationError,
      `payload.${field}${describePath(error.path)}: ${error.reason}.`,
    )
  }
  throw error
}

/**
 * Encodes one JSON value of the payload (an item, a key, an expression value) as a DynamoDB
 * AttributeValue. `field` names it in the error a client gets, e.g. `Item` or
 * `ExpressionAttributeValues`.
 */
export function toAttributeValue(value: JsonValue, field: string): AttributeValue {
  try {
    return toAttributeValueUnchecked(value, 1)
  } catch (error) {
    rethrowAsBadRequest(error, field)
  }
}

/** Encodes a JSON object (an item, a key) as a DynamoDB attribute map. */
export function toAttributeMapOf(object: JsonObject, field: string): AttributeMap {
  try {
    return toAttributeMap(object, 0)
  } catch (error) {
    rethrowAsBadRequest(error, field)
  }
}

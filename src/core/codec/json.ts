import { isSafeNumber, LosslessNumber, parse, stringify } from 'lossless-json'

/**
 * A JSON value as the API reads and writes it. Numbers that a JavaScript `number` holds
 * exactly stay `number`; any other number literal is kept as a `LosslessNumber`, which
 * carries the literal's digits, so that `12345678901234567890` reaches DynamoDB unchanged.
 */
export type JsonValue = null | boolean | number | string | LosslessNumber | JsonArray | JsonObject
export type JsonArray = JsonValue[]
export interface JsonObject {
  [key: string]: JsonValue
}

/** Keep digits a double would round away; everything else as a plain number. */
function parseNumberLosslessly(literal: string): number | LosslessNumber {
  return isSafeNumber(literal) ? Number(literal) : new LosslessNumber(literal)
}

/**
 * JSON text as a JsonValue, every digit kept; throws lossless-json's SyntaxError. The one
 * lossless parse of the project: the API's request reader (request-json.ts), and the client,
 * the CLI and the console, each of which says a failure in its own terms.
 *
 * @example
 * parseLosslessly('{"n": 12345678901234567890}') // → { n: LosslessNumber('12345678901234567890') }
 */
export function parseLosslessly(text: string): JsonValue {
  return parse(text, null, parseNumberLosslessly) as JsonValue
}

/** Serialises a JsonValue, writing each LosslessNumber with its exact digits. */
export function stringifyJson(value: JsonValue): string {
  return stringify(value) ?? 'null'
}

export { LosslessNumber }

export function isJsonObject(value: unknown): value is JsonObject {
  return isRecord(value) && !(value instanceof LosslessNumber)
}

/** An object that is not null nor an array: a parsed event, schema or settings object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Sets an own property even when its name is `__proto__`, which plain assignment would
 * swallow (it replaces the prototype instead), losing the property.
 */
export function setOwn<Value>(object: Record<string, Value>, name: string, value: Value): void {
  if (name === '__proto__') {
    Object.defineProperty(object, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  } else {
    object[name] = value
  }
}

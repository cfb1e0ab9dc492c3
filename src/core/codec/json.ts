import { isSafeNumber, LosslessNumber, parse, stringify } from 'lossless-json'
import { BadRequestError, ErrorCode } from '../errors.js'

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
 * The deepest nesting a request may have. DynamoDB stores attribute values nested up to 32
 * levels; the envelope adds a few. Deeper JSON is refused before it is parsed, so that no
 * recursion (parser, codec, serialiser) can run out of stack on it.
 */
const MAX_JSON_DEPTH = 64

const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c

/** The nesting depth of JSON text, brackets inside strings ignored; a single pass. */
export function nestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === BACKSLASH) index += 1
      else if (code === QUOTE) inString = false
    } else if (code === QUOTE) {
      inString = true
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1
      if (depth > deepest) deepest = depth
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1
    }
  }
  return deepest
}

/**
 * JSON text as a JsonValue, every digit kept; throws lossless-json's SyntaxError. The one
 * lossless parse of the project: the API's request reader below, and the client, the CLI and
 * the console, each of which says a failure in its own terms.
 *
 * @example
 * parseLosslessly('{"n": 12345678901234567890}') // → { n: LosslessNumber('12345678901234567890') }
 */
export function parseLosslessly(text: string): JsonValue {
  return parse(text, null, parseNumberLosslessly) as JsonValue
}

/**
 * Parses request JSON without losing a digit. Duplicate object keys are rejected rather
 * than silently resolved to the last one, as `JSON.parse` would: one of the two values
 * would be lost.
 */
export function parseJson(text: string): JsonValue {
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw new BadRequestError(
      ErrorCode.InvalidJson,
      `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; DynamoDB items nest at most 32.`,
    )
  }
  try {
    return parseLosslessly(text)
  } catch (error) {
    if (error instanceof RangeError) {
      throw new BadRequestError(ErrorCode.InvalidJson, 'The request body is nested too deeply.', {
        cause: error,
      })
    }
    const reason = error instanceof Error ? error.message : String(error)
    throw new BadRequestError(
      ErrorCode.InvalidJson,
      `The request body is not valid JSON: ${reason}.`,
      { cause: error },
    )
  }
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

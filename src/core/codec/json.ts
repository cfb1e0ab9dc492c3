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
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof LosslessNumber)
  )
}

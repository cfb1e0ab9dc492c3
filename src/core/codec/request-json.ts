import { ErrorCode } from '../error-table.js'
import { BadRequestError } from '../errors.js'
import { type JsonValue, parseLosslessly } from './json.js'

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

import { isSafeNumber } from 'lossless-json'
import { TypedKey } from '../core/codec/attribute-encoding.js'
import { isJsonObject, type JsonValue, LosslessNumber, setOwn } from '../core/codec/json.js'
import type { ApiError } from '../core/errors.js'

/**
 * A direct invocation travels as JSON that the Lambda runtime parses and serialises with
 * `JSON.parse` and `JSON.stringify`, which hold no more than a double's 15 to 17 digits.
 * Numbers a double holds exactly are returned as numbers; any other is returned as
 * `{"$N": "digits"}`, the API's encoding for an exact number, rather than rounded.
 */
export function toRuntimeJson(value: JsonValue): unknown {
  if (value instanceof LosslessNumber) {
    return isSafeNumber(value.value) ? Number(value.value) : { [TypedKey.Number]: value.value }
  }
  if (Array.isArray(value)) return value.map(toRuntimeJson)
  if (isJsonObject(value)) {
    const object: Record<string, unknown> = {}
    for (const name of Object.keys(value)) setOwn(object, name, toRuntimeJson(value[name] ?? null))
    return object
  }
  return value
}

/**
 * What a direct invocation throws: Lambda reports `errorType` (the API's error code) and
 * `errorMessage` (what to fix), as the original handler's ValueError did.
 */
export class DirectInvocationError extends Error {
  readonly statusCode: number

  constructor(error: ApiError) {
    super(error.message)
    this.name = error.code
    this.statusCode = error.statusCode
  }
}

import { type JsonValue, stringifyJson } from '../core/codec/json.js'
import type { ApiError } from '../core/errors.js'
import { BASE_HEADERS } from '../core/schema/response-headers.js'

/** An HTTP answer, before an adapter shapes it for API Gateway or a socket. */
export interface ApiResponse {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export function jsonResponse(statusCode: number, body: JsonValue): ApiResponse {
  return { statusCode, headers: BASE_HEADERS, body: stringifyJson(body) }
}

/**
 * The one place an error becomes an answer: `{"code", "message", "requestId"}` plus the
 * error's own details, never a stack trace or an SDK internal.
 */
export function errorResponse(error: ApiError, requestId: string): ApiResponse {
  const headers: Record<string, string> = { ...BASE_HEADERS, ...error.headers }
  if (error.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(error.retryAfterSeconds)
  const body = { code: error.code, message: error.message, requestId, ...error.details }
  return { statusCode: error.statusCode, headers, body: stringifyJson(body as JsonValue) }
}

import { type JsonValue, stringifyJson } from '../core/codec/json.js'
import type { ApiError } from '../core/errors.js'

/** An HTTP answer, before an adapter shapes it for API Gateway or a socket. */
export interface ApiResponse {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Headers of every answer, those OWASP recommends for a JSON API: no sniffing the body as
 * something else, no caching of answers that carry table data, no framing, no scripts or
 * other content even if a browser renders an answer, HTTPS only once seen over HTTPS (as
 * API Gateway serves it), and no referrer leaking the API's URL.
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
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

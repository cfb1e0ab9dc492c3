import {
  ERROR_TABLE,
  ErrorCode,
  type ErrorCodeWithStatus,
  INTERNAL_ERROR_MESSAGE,
  RETRY_AFTER_SECONDS,
} from './error-table.js'
import type { Log } from './log.js'

/**
 * The API's error model: one hierarchy, one place (`errorResponse` in http/api-response.ts)
 * that turns an error into a status code and a JSON body. Every client-visible failure is an
 * `ApiError`; anything else is an internal error whose details stay in the logs.
 *
 * An error's status and Retry-After come from its code's row of the error table
 * (error-table.ts). Each class below takes only the codes of its own status, so a class and
 * a code cannot disagree: `new NotFoundError(ErrorCode.Throttled, …)` does not compile.
 */

export interface ApiErrorOptions {
  /** Extra fields for the error body, e.g. the current item of a failed conditional write. */
  readonly details?: Readonly<Record<string, unknown>>
  /**
   * Seconds a client should wait before retrying, sent as the `Retry-After` header.
   * @default RETRY_AFTER_SECONDS for a code whose answer carries Retry-After, else none
   */
  readonly retryAfterSeconds?: number
  /** Response headers this error needs, e.g. `Allow` for a 405. */
  readonly headers?: Readonly<Record<string, string>>
  readonly cause?: unknown
}

/** An error whose message is written for the client: it says what to fix. */
export class ApiError extends Error {
  readonly code: ErrorCode
  /** The code's status, from the error table. */
  readonly statusCode: number
  readonly details: Readonly<Record<string, unknown>> | undefined
  readonly retryAfterSeconds: number | undefined
  readonly headers: Readonly<Record<string, string>> | undefined

  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = new.target.name
    this.code = code
    const definition = ERROR_TABLE[code]
    this.statusCode = definition.status
    this.details = options.details
    this.retryAfterSeconds =
      options.retryAfterSeconds ?? (definition.retryAfter ? RETRY_AFTER_SECONDS : undefined)
    this.headers = options.headers
  }
}

/** The class of one status: its constructor takes the codes of that status only. */
function errorOfStatus<Status extends number>() {
  return class extends ApiError {
    constructor(code: ErrorCodeWithStatus<Status>, message: string, options?: ApiErrorOptions) {
      super(code, message, options)
    }
  }
}

export class BadRequestError extends errorOfStatus<400>() {}
export class UnauthorizedError extends errorOfStatus<401>() {}
export class ForbiddenError extends errorOfStatus<403>() {}
export class NotFoundError extends errorOfStatus<404>() {}
export class MethodNotAllowedError extends errorOfStatus<405>() {}
export class ConflictError extends errorOfStatus<409>() {}
export class PayloadTooLargeError extends errorOfStatus<413>() {}
export class UnsupportedMediaTypeError extends errorOfStatus<415>() {}
export class ThrottledError extends errorOfStatus<429>() {}
export class InternalError extends errorOfStatus<500>() {}
export class ServiceUnavailableError extends errorOfStatus<503>() {}

/** Any thrown value as an ApiError: an unexpected one becomes a generic 500. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new InternalError(ErrorCode.InternalError, INTERNAL_ERROR_MESSAGE, { cause: error })
}

/** The error behind an ApiError, for the log: the client only ever sees the ApiError. */
function errorCause(error: ApiError): unknown {
  return error.cause ?? error
}

/**
 * A request's error boundary: any thrown value as an ApiError, and a server-side failure
 * (5xx) logged with its cause under the request's id. Client errors are the client's to see,
 * not the operators'.
 */
export function asLoggedApiError(
  thrown: unknown,
  log: Log,
  message: string,
  requestId: string,
): ApiError {
  const error = asApiError(thrown)
  if (error.statusCode >= 500)
    log.error(message, { requestId, code: error.code, error: errorCause(error) })
  return error
}

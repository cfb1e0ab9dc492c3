import type { Log } from './log.js'

/**
 * The API's error model: one hierarchy, one place (`errorResponse` in http/responses.ts) that turns an error
 * into a status code and a JSON body. Every client-visible failure is an `ApiError`; anything
 * else is an internal error whose details stay in the logs.
 *
 * The codes are part of the contract (see API.md): clients branch on them, so never rename one.
 */

export const ErrorCode = {
  InvalidJson: 'InvalidJson',
  InvalidRequest: 'InvalidRequest',
  UnknownOperation: 'UnknownOperation',
  UnknownPayloadKey: 'UnknownPayloadKey',
  ValidationError: 'ValidationError',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  TableNotAllowed: 'TableNotAllowed',
  ItemNotFound: 'ItemNotFound',
  TableNotFound: 'TableNotFound',
  RouteNotFound: 'RouteNotFound',
  MethodNotAllowed: 'MethodNotAllowed',
  ConditionalCheckFailed: 'ConditionalCheckFailed',
  TransactionConflict: 'TransactionConflict',
  PayloadTooLarge: 'PayloadTooLarge',
  UnsupportedMediaType: 'UnsupportedMediaType',
  Throttled: 'Throttled',
  ServiceUnavailable: 'ServiceUnavailable',
  InternalError: 'InternalError',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export interface ApiErrorOptions {
  /** Extra fields for the error body, e.g. the current item of a failed conditional write. */
  readonly details?: Readonly<Record<string, unknown>>
  /** Seconds a client should wait before retrying; sent as the `Retry-After` header. */
  readonly retryAfterSeconds?: number
  /** Response headers this error needs, e.g. `Allow` for a 405. */
  readonly headers?: Readonly<Record<string, string>>
  readonly cause?: unknown
}

/** An error whose message is written for the client: it says what to fix. */
export abstract class ApiError extends Error {
  abstract readonly statusCode: number
  readonly code: ErrorCode
  readonly details: Readonly<Record<string, unknown>> | undefined
  readonly retryAfterSeconds: number | undefined
  readonly headers: Readonly<Record<string, string>> | undefined

  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.details = options.details
    this.retryAfterSeconds = options.retryAfterSeconds
    this.headers = options.headers
  }
}

export class BadRequestError extends ApiError {
  readonly statusCode = 400
}

export class UnauthorizedError extends ApiError {
  readonly statusCode = 401
}

export class ForbiddenError extends ApiError {
  readonly statusCode = 403
}

export class NotFoundError extends ApiError {
  readonly statusCode = 404
}

export class MethodNotAllowedError extends ApiError {
  readonly statusCode = 405
}

export class ConflictError extends ApiError {
  readonly statusCode = 409
}

export class PayloadTooLargeError extends ApiError {
  readonly statusCode = 413
}

export class UnsupportedMediaTypeError extends ApiError {
  readonly statusCode = 415
}

export class ThrottledError extends ApiError {
  readonly statusCode = 429
}

export class ServiceUnavailableError extends ApiError {
  readonly statusCode = 503
}

export class InternalError extends ApiError {
  readonly statusCode = 500
}

/**
 * Seconds a 429 or 503 suggests in Retry-After: the DynamoDB client has already retried
 * with backoff, so a short pause is what is left to suggest.
 */
export const RETRY_AFTER_SECONDS = 1

/** The message every unexpected failure gets: the details are in the server's log only. */
export const INTERNAL_ERROR_MESSAGE =
  'The server failed to process the request. It has been logged; retry, and report it if it persists.'

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

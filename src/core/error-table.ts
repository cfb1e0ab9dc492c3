/**
 * The API's error codes, each defined once, here, with its HTTP status and what a client may
 * do about it. Everything else that pairs a code with a status is derived from this table:
 * the error classes (errors.ts), the OpenAPI responses (openapi/document.ts), the client's
 * code for a bare status (`codeForStatus`), the Retry-After of API Gateway's own answers
 * (infra/constructs/gateway-responses.ts); and tests check the docs' status table and API
 * Gateway's statuses against it.
 *
 * The codes are part of the contract (docs/api.md): clients branch on them, so never rename
 * one. It holds no server code: the client imports it.
 */

interface ErrorDefinition {
  /** The HTTP status of every answer with this code. */
  readonly status: number
  /** Whether the same request, sent again unchanged, may succeed (after a pause). */
  readonly retryable: boolean
  /** Whether the answer carries `Retry-After`: the seconds to wait before retrying. */
  readonly retryAfter: boolean
  /**
   * Statuses whose error answer carries no code (API Gateway's own `{"message": "Forbidden"}`,
   * a proxy's page) and is read as this code by the client.
   */
  readonly forBareStatuses?: readonly number[]
}

const clientMistake = { retryable: false, retryAfter: false } as const

export const ERROR_TABLE = {
  InvalidJson: { status: 400, ...clientMistake },
  InvalidRequest: { status: 400, ...clientMistake },
  UnknownOperation: { status: 400, ...clientMistake },
  UnknownPayloadKey: { status: 400, ...clientMistake },
  UnknownIndex: { status: 400, ...clientMistake },
  ValidationError: { status: 400, ...clientMistake },
  Unauthorized: { status: 401, ...clientMistake, forBareStatuses: [401] },
  Forbidden: { status: 403, ...clientMistake, forBareStatuses: [403] },
  TableNotAllowed: { status: 403, ...clientMistake },
  ItemNotFound: { status: 404, ...clientMistake },
  TableNotFound: { status: 404, ...clientMistake },
  RouteNotFound: { status: 404, ...clientMistake, forBareStatuses: [404] },
  MethodNotAllowed: { status: 405, ...clientMistake },
  ConditionalCheckFailed: { status: 409, ...clientMistake },
  // The item is locked by a transaction for a moment: the same request may then succeed.
  TransactionConflict: { status: 409, retryable: true, retryAfter: false },
  PayloadTooLarge: { status: 413, ...clientMistake, forBareStatuses: [413] },
  UnsupportedMediaType: { status: 415, ...clientMistake },
  Throttled: { status: 429, retryable: true, retryAfter: true, forBareStatuses: [429] },
  // 504: API Gateway's answer when the function did not answer in time.
  ServiceUnavailable: {
    status: 503,
    retryable: true,
    retryAfter: true,
    forBareStatuses: [503, 504],
  },
  // Any 5xx without a code reads as one (codeForStatus).
  InternalError: { status: 500, retryable: true, retryAfter: false },
} as const satisfies Readonly<Record<string, ErrorDefinition>>

export type ErrorCode = keyof typeof ERROR_TABLE

/** The statuses the API's errors have. */
export type ErrorStatus = (typeof ERROR_TABLE)[ErrorCode]['status']

/** The codes by name, for code that branches on them: `ErrorCode.ItemNotFound`. */
export const ErrorCode = Object.fromEntries(
  Object.keys(ERROR_TABLE).map((code) => [code, code]),
) as {
  readonly [Code in ErrorCode]: Code
}

/** Every code, in the table's order. */
export const errorCodes = Object.keys(ERROR_TABLE) as ErrorCode[]

/** The codes whose status is `Status`: what an error class of that status may carry. */
export type ErrorCodeWithStatus<Status extends number> = {
  [Code in ErrorCode]: (typeof ERROR_TABLE)[Code]['status'] extends Status ? Code : never
}[ErrorCode]

/** The HTTP status of a code. */
export function statusOf(code: ErrorCode): ErrorStatus {
  return ERROR_TABLE[code].status
}

/**
 * The codes grouped by status, statuses ascending (an object's integer keys are) and codes
 * in the table's order.
 *
 * @example
 * codesByStatus()[409] // → ['ConditionalCheckFailed', 'TransactionConflict']
 */
export function codesByStatus(): Readonly<Record<ErrorStatus, readonly ErrorCode[]>> {
  const groups = {} as Record<ErrorStatus, ErrorCode[]>
  for (const code of errorCodes) {
    const status = statusOf(code)
    groups[status] = [...(groups[status] ?? []), code]
  }
  return groups
}

/**
 * The code of an error answer that carries none: the one that stands for its status, or
 * InternalError for any other 5xx; undefined when no code stands for the status.
 *
 * @example
 * codeForStatus(403) // → 'Forbidden'
 * codeForStatus(502) // → 'InternalError'
 */
export function codeForStatus(status: number): ErrorCode | undefined {
  const standing = errorCodes.find((code) =>
    (ERROR_TABLE[code] as ErrorDefinition).forBareStatuses?.includes(status),
  )
  return standing ?? (status >= 500 ? ErrorCode.InternalError : undefined)
}

/**
 * Seconds a 429 or 503 suggests in Retry-After: the DynamoDB client has already retried
 * with backoff, so a short pause is what is left to suggest.
 */
export const RETRY_AFTER_SECONDS = 1

/** The message every unexpected failure gets: the details are in the server's log only. */
export const INTERNAL_ERROR_MESSAGE =
  'The server failed to process the request. It has been logged; retry, and report it if it persists.'

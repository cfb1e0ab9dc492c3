import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { fromAttributeMap } from '../core/codec/from-attribute-value.js'
import { ErrorCode, INTERNAL_ERROR_MESSAGE } from '../core/error-table.js'
import {
  type ApiError,
  BadRequestError,
  ConflictError,
  InternalError,
  NotFoundError,
  ServiceUnavailableError,
  ThrottledError,
} from '../core/errors.js'

/** What the SDK puts on the errors it throws; all optional, since network errors lack most. */
interface SdkErrorShape {
  readonly name?: string
  readonly message?: string
  readonly code?: string
  readonly $fault?: 'client' | 'server'
  readonly $metadata?: { readonly httpStatusCode?: number }
  readonly Item?: Record<string, AttributeValue>
}

const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
])

/** Failures of the connection rather than of the request: the engine is away or too slow. */
const UNREACHABLE_ERRORS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TimeoutError',
  'RequestTimeout',
  'AbortError',
])

/**
 * Translates an error thrown by the SDK into the API's error model. DynamoDB's own messages
 * for a client mistake (ValidationException) are kept, since they tell the user what to fix;
 * anything about the server's side gets a generic message, with the original kept as the
 * cause for the log.
 */
export function translateDynamoDbError(error: unknown, tableName: string): ApiError {
  const sdkError = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape
  const name = sdkError.name ?? ''
  const options = { cause: error }
  switch (name) {
    case 'ConditionalCheckFailedException':
      return new ConflictError(
        ErrorCode.ConditionalCheckFailed,
        'The condition of the request was not met; the item was not changed.',
        {
          ...options,
          // With ReturnValuesOnConditionCheckFailure ALL_OLD, DynamoDB returns the item as it is.
          details: sdkError.Item ? { Item: fromAttributeMap(sdkError.Item) } : undefined,
        },
      )
    case 'TransactionConflictException':
      return new ConflictError(
        ErrorCode.TransactionConflict,
        'The item is being changed by a transaction; retry the request.',
        options,
      )
    case 'ValidationException':
    case 'SerializationException':
      return new BadRequestError(
        ErrorCode.ValidationError,
        sdkError.message ?? 'Invalid request.',
        options,
      )
    case 'ResourceNotFoundException':
      return new NotFoundError(
        ErrorCode.TableNotFound,
        `Table "${tableName}" does not exist (or is not active yet).`,
        options,
      )
  }
  if (THROTTLING_ERRORS.has(name)) {
    return new ThrottledError(
      ErrorCode.Throttled,
      'DynamoDB is throttling requests to this table; retry after a pause.',
      options,
    )
  }
  const status = sdkError.$metadata?.httpStatusCode
  const unreachable = UNREACHABLE_ERRORS.has(name) || UNREACHABLE_ERRORS.has(sdkError.code ?? '')
  if (unreachable || (status !== undefined && status >= 500)) {
    return new ServiceUnavailableError(
      ErrorCode.ServiceUnavailable,
      'The database is unavailable right now; retry after a pause.',
      options,
    )
  }
  // Access denied, unrecognised credentials, an unknown failure: the server's problem.
  return new InternalError(ErrorCode.InternalError, INTERNAL_ERROR_MESSAGE, options)
}

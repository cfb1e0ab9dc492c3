import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../src/core/error-table.js'
import { translateDynamoDbError } from '../../src/dynamodb/error-translation.js'

function sdkError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} from the SDK`), { name, ...extra })
}

describe('translateDynamoDbError', () => {
  it.each<[string, number, string, Record<string, unknown>?]>([
    ['ConditionalCheckFailedException', 409, ErrorCode.ConditionalCheckFailed],
    ['TransactionConflictException', 409, ErrorCode.TransactionConflict],
    ['ValidationException', 400, ErrorCode.ValidationError],
    ['ResourceNotFoundException', 404, ErrorCode.TableNotFound],
    ['ProvisionedThroughputExceededException', 429, ErrorCode.Throttled],
    ['ThrottlingException', 429, ErrorCode.Throttled],
    ['RequestLimitExceeded', 429, ErrorCode.Throttled],
    [
      'InternalServerError',
      503,
      ErrorCode.ServiceUnavailable,
      { $metadata: { httpStatusCode: 500 } },
    ],
    ['TimeoutError', 503, ErrorCode.ServiceUnavailable],
    ['Error', 503, ErrorCode.ServiceUnavailable, { code: 'ECONNREFUSED' }],
    ['AccessDeniedException', 500, ErrorCode.InternalError, { $metadata: { httpStatusCode: 400 } }],
    ['SomethingNew', 500, ErrorCode.InternalError],
  ])('turns %s into %i %s', (name, status, code, extra = {}) => {
    // Act
    const error = translateDynamoDbError(sdkError(name, extra), 'lambda-apigateway')

    // Assess
    expect(error.statusCode).toBe(status)
    expect(error.code).toBe(code)
    // Only DynamoDB's verdict on the request itself is passed on (see the next test).
    if (name !== 'ValidationException') expect(error.message).not.toMatch(/from the SDK/)
  })

  it("keeps DynamoDB's own message for a ValidationException: it tells the user what to fix", () => {
    const error = translateDynamoDbError(
      sdkError('ValidationException', {
        message: 'One or more parameter values were invalid: Missing the key id in the item',
      }),
      't',
    )
    expect(error.message).toBe(
      'One or more parameter values were invalid: Missing the key id in the item',
    )
  })

  it.each([['ProvisionedThroughputExceededException'], ['TimeoutError']])(
    'asks the client to retry after %s',
    (name) => {
      expect(translateDynamoDbError(sdkError(name), 't').retryAfterSeconds).toBe(1)
    },
  )

  it('returns the current item of a failed condition when DynamoDB sent it', () => {
    const error = translateDynamoDbError(
      sdkError('ConditionalCheckFailedException', {
        Item: { id: { S: '1' }, n: { N: '12345678901234567890' } },
      }),
      't',
    )
    expect(JSON.stringify(Object.keys(error.details ?? {}))).toBe('["Item"]')
  })
})

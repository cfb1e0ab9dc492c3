import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { ErrorCode } from '../core/error-table.js'
import { type ApiError, ForbiddenError, UnauthorizedError } from '../core/errors.js'
import { splitStage } from './proxy-event.js'

/** The header API Gateway reads API keys from; the local gateway takes them the same way. */
const API_KEY_HEADER = 'x-api-key'

/** The resource a health checker probes without credentials, as Route 53 does on AWS. */
const OPEN_RESOURCE = '/health'

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/**
 * The local gateway's API key check, as API Gateway's: 401 without a key, 403 with a wrong
 * one. The comparison takes the same time whatever the key sent (digests of equal length,
 * compared with timingSafeEqual), so that timing tells an attacker nothing.
 *
 * @example
 * const check = createApiKeyCheck(process.env.API_KEY)
 * const refusal = check('/Prod/DynamoDBManager', request.headers) // undefined when allowed
 */
export function createApiKeyCheck(apiKey: string | undefined) {
  const expected = apiKey === undefined ? undefined : digest(apiKey)
  return function refusalFor(path: string, headers: IncomingHttpHeaders): ApiError | undefined {
    if (expected === undefined || splitStage(path).resource === OPEN_RESOURCE) return undefined
    const sent = headers[API_KEY_HEADER]
    if (typeof sent !== 'string' || sent === '') {
      return new UnauthorizedError(
        ErrorCode.Unauthorized,
        `This API needs an API key: send it in the ${API_KEY_HEADER} header.`,
      )
    }
    if (!timingSafeEqual(digest(sent), expected)) {
      return new ForbiddenError(
        ErrorCode.Forbidden,
        `The API key in the ${API_KEY_HEADER} header is not valid.`,
      )
    }
    return undefined
  }
}

import { stringify } from 'lossless-json'
import { isJsonObject, type JsonObject } from '../core/codec/json.js'
import { UsageError } from './exit-codes.js'
import { parseLosslessJson } from './io.js'

/**
 * Where a paginated command stopped, as the AWS CLI's NextToken: the page to read again
 * (its ExclusiveStartKey; none for the first) and how many of its items were already given.
 * Opaque to the user: base64url of lossless JSON, so a long-number key survives.
 */
export interface PageCursor {
  readonly startKey: JsonObject | undefined
  readonly skip: number
}

export function encodeToken({ startKey, skip }: PageCursor): string {
  return Buffer.from(stringify({ startKey, skip }) ?? '{}').toString('base64url')
}

export function decodeToken(token: string): PageCursor {
  const problem = new UsageError(
    `--starting-token "${token}" is not a token this CLI printed (NextToken).`,
  )
  let decoded: unknown
  try {
    decoded = parseLosslessJson(Buffer.from(token, 'base64url').toString('utf8'), 'token')
  } catch {
    throw problem
  }
  if (!isJsonObject(decoded) || typeof decoded.skip !== 'number') throw problem
  const { startKey, skip } = decoded
  if (startKey !== undefined && !isJsonObject(startKey)) throw problem
  return { startKey, skip }
}

import { stringify } from 'lossless-json'
import type { PageResult } from '../client/api-types.js'
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

/** A page read from a cursor on: its items not given before, and the cursor it was read at. */
export interface PageFromCursor {
  readonly page: PageResult
  readonly fresh: JsonObject[]
  readonly cursor: PageCursor
}

/**
 * Reads the pages a cursor points at, the first one again if it stopped inside it: `read`
 * gets the payload with the cursor's ExclusiveStartKey, and yields the pages from there.
 */
export async function* pagesFrom(
  read: (first: JsonObject) => AsyncIterable<PageResult>,
  payload: JsonObject,
  start: PageCursor,
): AsyncGenerator<PageFromCursor, void, undefined> {
  let cursor = start
  const first =
    cursor.startKey === undefined ? payload : { ...payload, ExclusiveStartKey: cursor.startKey }
  for await (const page of read(first)) {
    yield { page, fresh: page.Items.slice(cursor.skip), cursor }
    cursor = { startKey: page.LastEvaluatedKey, skip: 0 }
  }
}

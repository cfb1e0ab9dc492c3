import type { QueryRequest } from '../../client/api-types.js'
import type { DynamoDBManagerClient } from '../../client/client.js'
import type { JsonObject } from '../../core/codec/json.js'
import { decodeToken, encodeToken, pagesFrom } from '../pagination-token.js'

export const paginationOptions = {
  'max-items': { type: 'string' },
  'starting-token': { type: 'string' },
  'no-paginate': { type: 'boolean' },
} as const

export const paginationHelp = [
  {
    flag: '--max-items',
    value: 'N',
    description: 'Print at most N items, and a NextToken to go on from there.',
  },
  {
    flag: '--starting-token',
    value: 'TOKEN',
    description: 'Go on where an earlier call stopped: its NextToken. Repeat the other flags.',
  },
  {
    flag: '--no-paginate',
    description: 'One request, one page, answered as the API does (LastEvaluatedKey included).',
  },
] as const

export interface PaginatedResult {
  Items: JsonObject[]
  Count: number
  ScannedCount: number
  NextToken?: string
}

/**
 * Reads pages as the AWS CLI does for scan and query: all of them, or up to `maxItems`
 * items, ending with a NextToken that `startingToken` takes back.
 */
export async function paginate(
  client: DynamoDBManagerClient,
  operation: 'list' | 'query',
  payload: JsonObject,
  { maxItems, startingToken }: { maxItems?: number; startingToken?: string },
): Promise<PaginatedResult> {
  const { ExclusiveStartKey, ...rest } = payload
  const start =
    startingToken === undefined
      ? { startKey: ExclusiveStartKey as JsonObject | undefined, skip: 0 }
      : decodeToken(startingToken)
  const read = (first: JsonObject) =>
    operation === 'list' ? client.listPages(first) : client.queryPages(first as QueryRequest)
  const result: PaginatedResult = { Items: [], Count: 0, ScannedCount: 0 }
  for await (const { page, fresh, cursor } of pagesFrom(read, rest, start)) {
    result.ScannedCount += page.ScannedCount
    const room = maxItems === undefined ? fresh.length : maxItems - result.Items.length
    result.Items.push(...fresh.slice(0, room))
    if (room < fresh.length) {
      // Stopped inside the page: read it again next time, skipping what was given.
      result.NextToken = encodeToken({ startKey: cursor.startKey, skip: cursor.skip + room })
      break
    }
    if (page.LastEvaluatedKey !== undefined && result.Items.length === maxItems) {
      result.NextToken = encodeToken({ startKey: page.LastEvaluatedKey, skip: 0 })
      break
    }
  }
  result.Count = result.Items.length
  return result
}

import type { DynamoDBManagerClient } from '../../client/client.js'
import { DynamoDBManagerError } from '../../client/errors.js'
import type { JsonObject } from '../../core/codec/json.js'
import { ERROR_TABLE } from '../../core/error-table.js'

/** A line of the file that holds an item, ready to write. */
export interface ItemLine {
  readonly number: number
  readonly item: JsonObject
}

/**
 * What became of a line. `stored`: the API acknowledged it. `refused`: the line is at fault
 * (not an item, or a 4xx the same line would get again), so a resumed import may pass it.
 * `unwritten`: no acknowledgement that counts (a 5xx, no answer, a throttle): the item may or
 * may not be in the table, and the same line may work later, so the import stops before it.
 */
export type LineOutcome =
  | { readonly number: number; readonly kind: 'stored' }
  | { readonly number: number; readonly kind: 'refused'; readonly reason: string }
  | { readonly number: number; readonly kind: 'unwritten'; readonly error: DynamoDBManagerError }

/**
 * Writes a batch of lines and settles once every line's outcome is known, one per line. How
 * items travel to the table is this function's business alone: a writer of batch requests
 * (BatchWriteItem, its unprocessed items as `unwritten`) can replace the one below.
 */
export type BatchWriter = (lines: readonly ItemLine[]) => Promise<readonly LineOutcome[]>

/** Whether the same request, sent again unchanged, may succeed: then it is no refusal. */
function mayWorkLater(error: DynamoDBManagerError): boolean {
  if (error.isServerError) return true
  return error.code in ERROR_TABLE && ERROR_TABLE[error.code as keyof typeof ERROR_TABLE].retryable
}

/** The outcome of a line whose write failed with an API error. */
export function failedLine(number: number, error: DynamoDBManagerError): LineOutcome {
  return mayWorkLater(error)
    ? { number, kind: 'unwritten', error }
    : { number, kind: 'refused', reason: `${error.code} (HTTP ${error.status}): ${error.message}` }
}

/** One create request per line, all of a batch's at once: the API has no batch operation. */
export function oneCreatePerLine(client: DynamoDBManagerClient): BatchWriter {
  return (lines) =>
    Promise.all(
      lines.map(async ({ number, item }): Promise<LineOutcome> => {
        try {
          await client.create({ Item: item })
          return { number, kind: 'stored' }
        } catch (error) {
          if (!(error instanceof DynamoDBManagerError)) throw error
          return failedLine(number, error)
        }
      }),
    )
}

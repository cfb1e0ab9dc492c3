import type { DynamoDBManagerError } from '../../client/errors.js'
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
 * `unprocessed`: the service answered but left the item unwritten (BatchWriteItem's
 * UnprocessedItems, the table's capacity used up), after `attempts` sends: the import stops
 * before it too.
 */
export type LineOutcome =
  | { readonly number: number; readonly kind: 'stored' }
  | { readonly number: number; readonly kind: 'refused'; readonly reason: string }
  | { readonly number: number; readonly kind: 'unwritten'; readonly error: DynamoDBManagerError }
  | { readonly number: number; readonly kind: 'unprocessed'; readonly attempts: number }

/**
 * Writes a batch of lines and settles once the outcome of every line it sent is known. A
 * line it has no outcome for (not sent, after one that could not be written) is unsettled,
 * as an `unwritten` one is: the resume point stays before it.
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

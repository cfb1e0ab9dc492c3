import { setTimeout as sleep } from 'node:timers/promises'
import type { DynamoDBManagerClient } from '../../client/client.js'
import { DynamoDBManagerError } from '../../client/errors.js'
import { batchWriteLines, type SendPuts } from './import-batch-writer.js'
import { type ImportTable, importTable } from './import-table.js'
import { type BatchWriter, failedLine } from './import-writer.js'

/** Sends of items left unprocessed, after the service's own retries, before the import stops. */
const RESENDS = 3
/** The pause before the first resend, doubled before each next one. */
const RESEND_PAUSE_MS = 250

/** Puts into the import's table, one batchWrite request: answers what the service left undone. */
function putsTo(client: DynamoDBManagerClient, table: ImportTable): SendPuts {
  return async (items) => {
    const answer = await client.batchWrite({
      RequestItems: { [table.name]: items.map((Item) => ({ PutRequest: { Item } })) },
    })
    return (answer.UnprocessedItems[table.name] ?? []).flatMap((request) =>
      'PutRequest' in request && request.PutRequest !== undefined ? [request.PutRequest.Item] : [],
    )
  }
}

/**
 * The import's writer: batchWrite requests to the table named (or the API's default). The
 * table is looked up with the first batch, so that an API that cannot be reached stops the
 * import as a failed batch does: with its summary and the --skip that resumes it.
 */
export function batchWriterTo(
  client: DynamoDBManagerClient,
  named: string | undefined,
): BatchWriter {
  // One lookup for every batch, however many are in flight: each batch awaits the same
  // writer, and resumes in the order it came, so the writer sees the batches in line order.
  let writer: Promise<BatchWriter | DynamoDBManagerError> | undefined
  return async (lines) => {
    writer ??= importTable(client, named).then(
      (table) =>
        batchWriteLines(putsTo(client, table), {
          keyAttributes: table.keyAttributes,
          resends: RESENDS,
          pause: (resend) => sleep(RESEND_PAUSE_MS * 2 ** (resend - 1)),
        }),
      (error: unknown) => {
        if (error instanceof DynamoDBManagerError) return error
        throw error
      },
    )
    const ready = await writer
    if (ready instanceof DynamoDBManagerError)
      return lines.map((line) => failedLine(line.number, ready))
    return ready(lines)
  }
}

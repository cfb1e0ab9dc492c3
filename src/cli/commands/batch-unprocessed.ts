import { isJsonObject, type JsonValue } from '../../core/codec/json.js'
import type { OperationName } from '../../core/schema/operation-names.js'
import type { CliIo } from '../io.js'
import { counted } from '../plural.js'

/** Where a batch answer lists what the service left undone, and what one entry is. */
const undone: Partial<Record<OperationName, { readonly key: string; readonly noun: string }>> = {
  batchRead: { key: 'UnprocessedKeys', noun: 'key' },
  batchWrite: { key: 'UnprocessedItems', noun: 'request' },
}

/** Where an operation's answer lists what it left undone: UnprocessedKeys, …; else undefined. */
export const unprocessedKeyOf = (operation: OperationName) => undone[operation]?.key

/** The entries of one table's unprocessed part: `{"Keys": [...]}` for reads, a list for writes. */
function countOf(value: JsonValue | undefined): number {
  if (Array.isArray(value)) return value.length
  return isJsonObject(value) && Array.isArray(value.Keys) ? value.Keys.length : 0
}

/**
 * Says on standard error what a batch answer left unprocessed, by table, and whether it left
 * anything: then the command exits with its own status, so that a script notices. The answer
 * itself (printed as is) holds them in the request's shape, to send again as RequestItems.
 */
export function reportUnprocessed(
  io: CliIo,
  operation: OperationName,
  command: string,
  answer: JsonValue,
): boolean {
  const where = undone[operation]
  const part = where !== undefined && isJsonObject(answer) ? answer[where.key] : undefined
  if (where === undefined || !isJsonObject(part)) return false
  const counts = Object.entries(part)
    .map(([table, value]) => ({ table, count: countOf(value) }))
    .filter(({ count }) => count > 0)
  if (counts.length === 0) return false
  const total = counts.reduce((sum, { count }) => sum + count, 0)
  const byTable = counts.map(({ table, count }) => `${table}: ${count}`).join(', ')
  io.stderr.write(
    `serverless-lab ${command}: ${counted(total, where.noun)} not done (${byTable}), listed in the answer's ${where.key}: send that as the RequestItems of another ${command} (exit status 3).\n`,
  )
  return true
}

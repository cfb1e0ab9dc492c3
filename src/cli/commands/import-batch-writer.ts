import { DynamoDBManagerError } from '../../client/errors.js'
import { type JsonObject, type JsonValue, stringifyJson } from '../../core/codec/json.js'
import { BATCH_LIMITS } from '../../core/schema/operation-names.js'
import { type BatchWriter, failedLine, type ItemLine, type LineOutcome } from './import-writer.js'

/** BatchWriteItem's limit: requests in one call. */
export const MAX_BATCH_WRITE = BATCH_LIMITS.writeRequests

/**
 * Sends one BatchWriteItem of puts to the import's table and answers the items the service
 * left unprocessed (none when all were written); an API error is thrown.
 */
export type SendPuts = (items: readonly JsonObject[]) => Promise<readonly JsonObject[]>

export interface BatchWriteSettings {
  /** The table's key attributes, partition key first: what makes two items the same item. */
  readonly keyAttributes: readonly string[]
  /** Times unprocessed items are sent again before the import stops on them. */
  readonly resends: number
  /** Waits before a resend (the nth, from 1): backoff, injected so tests need not wait. */
  readonly pause: (resend: number) => Promise<void>
}

/**
 * A key as text, to compare keys: its attributes' values in order, or undefined when the
 * item lacks one (the service refuses it, on its own line once the batch is split).
 */
export function keyText(item: JsonObject, keyAttributes: readonly string[]): string | undefined {
  const values: JsonValue[] = []
  for (const name of keyAttributes) {
    const value = item[name]
    if (value === undefined) return undefined
    values.push(value)
  }
  return stringifyJson(values)
}

/**
 * The lines in requests of at most MAX_BATCH_WRITE, in line order, a new request started
 * before a key already in the current one: DynamoDB refuses a batch that names a key twice,
 * and requests sent one after the other leave the later line's item, as the file says.
 */
export function requestsOf(
  lines: readonly ItemLine[],
  keyAttributes: readonly string[],
): ItemLine[][] {
  const requests: ItemLine[][] = []
  let current: ItemLine[] = []
  let keys = new Set<string>()
  for (const line of lines) {
    const key = keyText(line.item, keyAttributes)
    if (current.length === MAX_BATCH_WRITE || (key !== undefined && keys.has(key))) {
      requests.push(current)
      current = []
      keys = new Set()
    }
    current.push(line)
    if (key !== undefined) keys.add(key)
  }
  if (current.length > 0) requests.push(current)
  return requests
}

/** Whether a refusal is of the request as a whole, which one of its lines may have caused. */
const refusedAsAWhole = (outcome: LineOutcome) => outcome.kind === 'refused'

/**
 * Writes lines with BatchWriteItem, a batch's requests one after the other, each settled
 * before the next is sent, and a batch sharing a key with one in flight after it, so that
 * the later of two lines with one key is stored last, however many batches are in flight. Items the service leaves
 * unprocessed are sent again, `resends` times with a pause; lines still not written are
 * `unprocessed`, and the lines after them are not sent. A request the API refuses (4xx) is
 * sent again line by line, so that only the lines at fault are refused.
 */
export function batchWriteLines(send: SendPuts, settings: BatchWriteSettings): BatchWriter {
  const { keyAttributes } = settings

  /** One request's lines, resending what is unprocessed; every line gets its outcome. */
  async function writeRequest(lines: readonly ItemLine[]): Promise<LineOutcome[]> {
    const outcomes: LineOutcome[] = []
    let pending = lines
    for (let resend = 0; ; resend++) {
      if (resend > 0) await settings.pause(resend)
      let unprocessed: readonly JsonObject[]
      try {
        unprocessed = await send(pending.map((line) => line.item))
      } catch (error) {
        if (!(error instanceof DynamoDBManagerError)) throw error
        return [...outcomes, ...pending.map((line) => failedLine(line.number, error))]
      }
      const notDone = linesNotDone(pending, unprocessed)
      for (const { number } of pending.filter((line) => !notDone.includes(line)))
        outcomes.push({ number, kind: 'stored' })
      if (notDone.length === 0) return outcomes
      if (resend === settings.resends)
        return [
          ...outcomes,
          ...notDone.map(({ number }) => ({
            number,
            kind: 'unprocessed' as const,
            attempts: resend + 1,
          })),
        ]
      pending = notDone
    }
  }

  /**
   * The lines an answer's unprocessed items stand for, matched by key. An item that matches
   * no line (a key the service wrote back otherwise) leaves every line pending: a put sent
   * twice stores the same item.
   */
  function linesNotDone(lines: readonly ItemLine[], unprocessed: readonly JsonObject[]) {
    if (unprocessed.length === 0) return []
    const keys = new Set(unprocessed.map((item) => keyText(item, keyAttributes)))
    const matched = lines.filter((line) => keys.has(keyText(line.item, keyAttributes)))
    return matched.length === unprocessed.length ? matched : [...lines]
  }

  /** A refused request's lines one by one, in order, until one cannot be written. */
  async function writeOneByOne(lines: readonly ItemLine[]): Promise<LineOutcome[]> {
    const outcomes: LineOutcome[] = []
    for (const line of lines) {
      const [outcome] = await writeRequest([line])
      if (outcome === undefined) continue
      outcomes.push(outcome)
      if (outcome.kind === 'unwritten' || outcome.kind === 'unprocessed') break
    }
    return outcomes
  }

  /** The batches in flight, by the keys they write: a later batch with one of them waits. */
  const writing = new Map<string, Promise<unknown>>()

  return async (lines) => {
    // Registered before the first await, in the order the batches are given (line order), so
    // that of two batches in flight with one key, the later line's is sent after the earlier.
    const keys = lines.flatMap((line) => keyText(line.item, keyAttributes) ?? [])
    const earlier = new Set(keys.flatMap((key) => writing.get(key) ?? []))
    const written = writeInOrder(lines, [...earlier])
    for (const key of keys) writing.set(key, written)
    try {
      return await written
    } finally {
      for (const key of keys) if (writing.get(key) === written) writing.delete(key)
    }
  }

  async function writeInOrder(
    lines: readonly ItemLine[],
    earlier: readonly Promise<unknown>[],
  ): Promise<LineOutcome[]> {
    await Promise.allSettled(earlier)
    const outcomes: LineOutcome[] = []
    for (const request of requestsOf(lines, keyAttributes)) {
      let written = await writeRequest(request)
      if (request.length > 1 && written.some(refusedAsAWhole))
        written = await writeOneByOne(request)
      outcomes.push(...written)
      // A line not written stops the import: the lines after it stay unsent, so unsettled.
      if (written.length < request.length || written.some((each) => !isSettled(each))) break
    }
    return outcomes
  }
}

const isSettled = (outcome: LineOutcome) => outcome.kind === 'stored' || outcome.kind === 'refused'

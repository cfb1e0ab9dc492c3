import { createInterface } from 'node:readline'
import { isJsonObject } from '../../core/codec/json.js'
import { type CliIo, parseLosslessJson } from '../io.js'
import { type ImportTally, importProgress } from './import-report.js'
import { ResumePoint } from './import-resume-point.js'
import type { BatchWriter, ItemLine, LineOutcome } from './import-writer.js'

interface Line {
  readonly number: number
  readonly text: string
}

/** A line that may be written later, and so stops the run: nothing after it is settled. */
export type Unwritten = Extract<LineOutcome, { kind: 'unwritten' | 'unprocessed' }>

export interface ImportRun {
  readonly tally: ImportTally
  /**
   * The first line not written for a reason that may pass (5xx, no answer, a throttle, left
   * unprocessed): it stopped the run.
   */
  readonly stoppedAt: Unwritten | undefined
  /** Whether every line was settled; false after a stop or Ctrl+C. */
  readonly finished: boolean
}

export interface ImportSettings {
  readonly skip: number
  readonly batchSize: number
  /** Batches in flight at once, 1 for one after the other. */
  readonly concurrency: number
  readonly writeBatch: BatchWriter
}

/** A line as an item to write, or, when it holds none, its refusal. */
function itemOrRefusal({ number, text }: Line): ItemLine | LineOutcome {
  const refused = (reason: string): LineOutcome => ({ number, kind: 'refused', reason })
  let item: ReturnType<typeof parseLosslessJson>
  try {
    item = parseLosslessJson(text, 'the line')
  } catch (error) {
    return refused((error as Error).message)
  }
  return isJsonObject(item) ? { number, item } : refused('the line is not a JSON object (an item).')
}

/**
 * Reads JSON lines from `input` and writes them, `batchSize` at a time, up to `concurrency`
 * batches in flight (the writer orders two batches that share a key). Refused lines are
 * reported on standard error and passed; a line that may work later (`unwritten`,
 * `unprocessed`) stops the run once the batches in flight settle, as Ctrl+C does. The resume
 * point moves only over an unbroken run of settled lines, whatever order batches end in.
 */
export async function importLines(
  input: NodeJS.ReadableStream,
  io: CliIo,
  { skip, batchSize, concurrency, writeBatch }: ImportSettings,
): Promise<ImportRun> {
  const counts = { imported: 0, refused: 0 }
  const resumePoint = new ResumePoint(skip)
  const tally = (): ImportTally => ({ ...counts, resumeAt: resumePoint.through })
  let stoppedAt: Unwritten | undefined
  const progress = importProgress(io, tally)

  const settle = (outcome: LineOutcome): void => {
    if (outcome.kind === 'unwritten' || outcome.kind === 'unprocessed') {
      // Batches end in any order: the run stopped at the first line that may work later.
      if (stoppedAt === undefined || outcome.number < stoppedAt.number) stoppedAt = outcome
      return
    }
    if (outcome.kind === 'stored') counts.imported++
    else {
      counts.refused++
      progress.clear()
      io.stderr.write(`line ${outcome.number}: ${outcome.reason}\n`)
    }
    resumePoint.settle(outcome.number)
  }

  const runBatch = async (batch: readonly Line[]): Promise<void> => {
    const parsed = batch.map(itemOrRefusal)
    const items = parsed.filter((each): each is ItemLine => 'item' in each)
    const refusals = parsed.filter((each): each is LineOutcome => 'kind' in each)
    const written = await writeBatch(items)
    // In line order: refusals read in order, and the first unwritten line is the one reported.
    for (const outcome of [...refusals, ...written].sort((a, b) => a.number - b.number))
      settle(outcome)
    progress.batchSettled()
  }

  const inFlight = new Set<Promise<void>>()
  const dispatch = (lines: readonly Line[]): void => {
    const running = runBatch(lines).finally(() => inFlight.delete(running))
    inFlight.add(running)
  }

  let number = 0
  let batch: Line[] = []
  let finished = true
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  try {
    for await (const text of lines) {
      number++
      if (number <= skip) continue
      if (text.trim() === '') {
        resumePoint.settle(number)
        continue
      }
      batch.push({ number, text })
      if (batch.length < batchSize) continue
      dispatch(batch)
      batch = []
      if (inFlight.size >= concurrency) await Promise.race(inFlight)
      if (stoppedAt !== undefined || io.interrupted.aborted) {
        finished = false
        break
      }
    }
    // The last batch, often partial, is settled as every other: a failure in it stops the run.
    if (finished && batch.length > 0) dispatch(batch)
    await Promise.all(inFlight)
  } finally {
    lines.close()
    progress.stop()
  }
  return { tally: tally(), stoppedAt, finished: finished && stoppedAt === undefined }
}

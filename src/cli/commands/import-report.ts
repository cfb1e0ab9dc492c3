import type { CliIo } from '../io.js'
import { progressLine } from '../report.js'

/** A progress line a second in a log: enough to resume from, not a line per batch. */
const LOG_INTERVAL_MS = 1000

export interface ImportTally {
  readonly imported: number
  readonly refused: number
  /** Every line up to this one is settled: what `--skip` resumes after. */
  readonly resumeAt: number
}

/** `1 item`, `2 items`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/**
 * The import's progress on standard error, with the `--skip` that resumes from it. It reports
 * only what has settled, so that the last report is a safe place to resume even when the
 * process is killed (kill -9, a closed terminal) and prints no summary. At a terminal, a line
 * that rewrites itself after each batch (the last one stays on screen). In a log, a line a
 * second, when the point has moved: from a timer, not from the batches, so that an import
 * stuck on a request has reported every line settled before it. Node writes standard error to
 * a file (and, on Linux, a pipe) synchronously: a reported line is out of the process when the
 * write returns. Call `stop` when the import ends.
 */
export function importProgress(io: CliIo, tally: () => ImportTally) {
  const terminal = progressLine(io)
  const started = performance.now()
  const text = (current: ImportTally) => {
    const perSecond = Math.round(
      current.imported / Math.max((performance.now() - started) / 1000, 0.001),
    )
    // Short enough for one line of a terminal, where a wrapped line would not rewrite itself.
    return `progress: ${current.imported} imported, ${current.refused} refused, ${perSecond}/s; resume with --skip ${current.resumeAt}`
  }
  let loggedAt = tally().resumeAt
  const logIfMoved = () => {
    const current = tally()
    if (current.resumeAt === loggedAt) return
    loggedAt = current.resumeAt
    io.stderr.write(`${text(current)}\n`)
  }
  const timer = io.stderr.isTTY === true ? undefined : setInterval(logIfMoved, LOG_INTERVAL_MS)
  // A timer of its own must not keep the process alive once the import is over.
  timer?.unref()
  return {
    batchSettled(): void {
      terminal.update(text(tally()))
    },
    /** Clears the terminal's line, for a message or the summary to take its place. */
    clear: terminal.clear,
    stop(): void {
      clearInterval(timer)
      terminal.clear()
    },
  }
}

/** The closing line: what was imported, and the `--skip` that resumes an import that stopped. */
export function importSummary(
  source: string,
  tally: ImportTally,
  { skipped, stopped }: { readonly skipped: number; readonly stopped: boolean },
): string {
  const from = source === '-' ? 'standard input' : source
  const skippedText = skipped > 0 ? `; ${plural(skipped, 'line')} skipped` : ''
  const resume = stopped
    ? ` Stopped at line ${tally.resumeAt + 1}: resume with --skip ${tally.resumeAt}.`
    : ''
  return `Imported ${plural(tally.imported, 'item')} from ${from}; ${plural(tally.refused, 'line')} refused${skippedText}.${resume}\n`
}

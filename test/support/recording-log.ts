import type { Log, LogAttributes } from '../../src/core/log.js'

export interface RecordingLog extends Log {
  readonly entries: Array<{ level: string; message: string; attributes: LogAttributes[] }>
}

/** A Log that keeps what it is given, for tests that check what reaches the log. */
export function recordingLog(): RecordingLog {
  const entries: RecordingLog['entries'] = []
  const record =
    (level: string) =>
    (message: string, ...attributes: LogAttributes[]) => {
      entries.push({ level, message, attributes })
    }
  return {
    entries,
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
  }
}

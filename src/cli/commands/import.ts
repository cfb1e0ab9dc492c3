import { constants, createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { type Command, parseCommandArgs } from '../command.js'
import { clientOf, connectionHelp, connectionOf, connectionOptions } from '../connection.js'
import { ExitCode, exitCodeOf, UsageError } from '../exit-codes.js'
import { formatOptions, paragraph } from '../help.js'
import { type CliIo, printJson } from '../io.js'
import { wholeNumberFlag } from '../payload-flags.js'
import { reportApiError } from '../report.js'
import { MAX_BATCH_WRITE } from './import-batch-writer.js'
import { importLines, type Unwritten } from './import-lines.js'
import { importSummary } from './import-report.js'
import { batchWriterTo } from './import-to-table.js'

const options = {
  ...connectionOptions,
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  skip: { type: 'string' },
} as const

/** Requests in flight by default, and at most: the engine behind the API serves a few at once. */
const CONCURRENCY = { fallback: 4, max: 16 } as const

function help(): string {
  return [
    'Usage: serverless-lab import FILE|- [options]',
    '',
    paragraph(
      'Writes each line of a JSON-lines file (or of standard input, "-") to the table as one item, in the API encoding: the format export writes. Lines go as batchWrite requests (BatchWriteItem) of --batch-size items, --concurrency of them in flight; a line whose key is already in the request starts the next one, and a request waits for one in flight with a key of its own, so the later line is stored last. A line the API refuses (4xx) is reported and the import goes on; a server error (5xx, unreachable), a throttle (429), items the service leaves unprocessed (resent 3 times first) or Ctrl+C stop it once the requests in flight end, and the summary says which --skip resumes it: every line up to that one is stored or was refused. A put replaces an item with the same key, so running lines again is harmless.',
    ),
    '',
    'Options:',
    formatOptions([
      {
        flag: '--batch-size',
        value: 'N',
        description: `Items per batchWrite request, 1 to ${MAX_BATCH_WRITE} (BatchWriteItem's limit, the default).`,
      },
      {
        flag: '--concurrency',
        value: 'N',
        description: `batchWrite requests in flight at once, 1 to ${CONCURRENCY.max} (default ${CONCURRENCY.fallback}); 1 sends them one after the other.`,
      },
      {
        flag: '--skip',
        value: 'N',
        description: 'Skip the first N lines: those an earlier run did.',
      },
    ]),
    '',
    'Connection:',
    formatOptions(connectionHelp),
    '',
    'Examples:',
    '  serverless-lab import items.jsonl',
    '  serverless-lab import items.jsonl --skip 5000',
    '  serverless-lab export --url http://old:3000 | serverless-lab import - --url http://new:3000',
    '',
    'Progress, with the --skip that resumes from it, shows on standard error after each batch at a terminal, and at most once a second elsewhere: if the import is killed, the last one is where to resume. Failures and a summary always show. The summary is also printed as JSON on standard output. Exit status: 0 all imported; 1 some lines refused, or a throttle stopped it; 2 server error; 3 items left unprocessed stopped it; 130 interrupted.',
    '',
  ].join('\n')
}

/** Why the import stopped before a line: the API's error, or the service's unprocessed items. */
function reportStop(io: CliIo, stoppedAt: Unwritten): void {
  io.stderr.write(`line ${stoppedAt.number}: `)
  if (stoppedAt.kind === 'unwritten') {
    reportApiError(io, stoppedAt.error, 'batchWrite')
    return
  }
  io.stderr.write(
    `not written: the service returned it in UnprocessedItems ${stoppedAt.attempts} times (the table's write capacity is used up); resume later.\n`,
  )
}

/** `serverless-lab import`: JSON lines into the table, in batches, resumable with --skip. */
export const importCommand: Command = {
  name: 'import',
  summary: 'Write the items of a JSON-lines file to the table, 25 per request, resumable.',
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('import', {
      args: [...args],
      options,
      strict: true,
      allowPositionals: true,
    })
    if (values.help) {
      io.stdout.write(help())
      return ExitCode.Success
    }
    const [source, ...extra] = positionals
    if (source === undefined || extra.length > 0)
      throw new UsageError('import takes one FILE (or - for standard input).')
    const batchSize =
      wholeNumberFlag(values['batch-size'], 'batch-size', 1, MAX_BATCH_WRITE) ?? MAX_BATCH_WRITE
    const concurrency =
      wholeNumberFlag(values.concurrency, 'concurrency', 1, CONCURRENCY.max) ?? CONCURRENCY.fallback
    const skip = wholeNumberFlag(values.skip, 'skip') ?? 0
    const connection = connectionOf(values, io)
    if (source === '-' && io.stdin === undefined)
      throw new UsageError('import - reads standard input, but it is a terminal.')
    if (source !== '-') {
      await access(source, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`import: cannot read ${source}: ${error.code ?? error.message}`)
      })
    }
    const input = source === '-' ? io.stdin : createReadStream(source)
    if (input === undefined) throw new UsageError('import - needs standard input.')
    const writeBatch = batchWriterTo(clientOf(connection), connection.tableName)

    const { tally, stoppedAt, finished } = await importLines(input, io, {
      skip,
      batchSize,
      concurrency,
      writeBatch,
    })
    if (stoppedAt !== undefined) reportStop(io, stoppedAt)
    io.stderr.write(importSummary(source, tally, { skipped: skip, stopped: !finished }))
    printJson(io, {
      imported: tally.imported,
      failed: tally.refused,
      skipped: skip,
      lastLine: tally.resumeAt,
      ...(finished ? {} : { resume: `--skip ${tally.resumeAt}` }),
    })
    if (stoppedAt?.kind === 'unprocessed') return ExitCode.Unprocessed
    if (stoppedAt !== undefined) return exitCodeOf(stoppedAt.error)
    if (!finished) return ExitCode.Interrupted
    return tally.refused > 0 ? ExitCode.ClientError : ExitCode.Success
  },
}

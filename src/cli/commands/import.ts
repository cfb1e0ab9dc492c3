import { constants, createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { DynamoDBManagerError } from '../../client/errors.js'
import { isJsonObject } from '../../core/codec/json.js'
import { type Command, parseCommandArgs } from '../command.js'
import { clientFromFlags, connectionHelp, connectionOptions } from '../connection.js'
import { ExitCode, UsageError } from '../exit-codes.js'
import { formatOptions, paragraph } from '../help.js'
import { parseLosslessJson, printJson } from '../io.js'
import { wholeNumberFlag } from '../payload-flags.js'
import { progressLine, reportApiError } from '../report.js'

const DEFAULT_BATCH_SIZE = 25

const options = {
  ...connectionOptions,
  'batch-size': { type: 'string' },
  skip: { type: 'string' },
} as const

function help(): string {
  return [
    'Usage: serverless-lab import FILE|- [options]',
    '',
    paragraph(
      'Writes each line of a JSON-lines file (or of standard input, "-") to the table as one item, in the API encoding: the format export writes. The API has no batch operation: lines go as create requests, --batch-size at a time, each batch finishing before the next starts. A line the API refuses (4xx) is reported and the import goes on; a server error (5xx, unreachable) or Ctrl+C stops it after the batch in flight, and the summary says which --skip resumes it. A create replaces an item with the same key, so running lines again is harmless.',
    ),
    '',
    'Options:',
    formatOptions([
      {
        flag: '--batch-size',
        value: 'N',
        description: `Lines sent at once (the concurrency), 1 to 1000. Default ${DEFAULT_BATCH_SIZE}, as DynamoDB's BatchWriteItem.`,
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
    'Progress shows on standard error at a terminal; failures and a summary always do. The summary is also printed as JSON on standard output. Exit status: 0 all imported, 1 some lines refused, 2 server error, 130 interrupted.',
    '',
  ].join('\n')
}

interface Line {
  readonly number: number
  readonly text: string
}

/** `serverless-lab import`: JSON lines into the table, in batches, resumable with --skip. */
export const importCommand: Command = {
  name: 'import',
  summary: 'Write the items of a JSON-lines file to the table, in batches, resumable.',
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
      wholeNumberFlag(values['batch-size'], 'batch-size', 1, 1000) ?? DEFAULT_BATCH_SIZE
    const skip = wholeNumberFlag(values.skip, 'skip') ?? 0
    const client = clientFromFlags(values, io)
    if (source === '-' && io.stdin === undefined)
      throw new UsageError('import - reads standard input, but it is a terminal.')
    if (source !== '-') {
      await access(source, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`import: cannot read ${source}: ${error.code ?? error.message}`)
      })
    }
    const input = source === '-' ? io.stdin : createReadStream(source)
    if (input === undefined) throw new UsageError('import - needs standard input.')

    const counts = { imported: 0, failed: 0 }
    /** Every line up to this one is done: what --skip resumes after. */
    let doneThrough = skip
    let serverError: DynamoDBManagerError | undefined
    const line = progressLine(io)
    const started = performance.now()

    const importLine = async ({ number, text }: Line): Promise<void> => {
      const refuse = (message: string) => {
        counts.failed++
        line.clear()
        io.stderr.write(`line ${number}: ${message}\n`)
      }
      let item: ReturnType<typeof parseLosslessJson>
      try {
        item = parseLosslessJson(text, 'the line')
      } catch (error) {
        refuse((error as Error).message)
        return
      }
      if (!isJsonObject(item)) {
        refuse('the line is not a JSON object (an item).')
        return
      }
      try {
        await client.create({ Item: item })
        counts.imported++
      } catch (error) {
        if (!(error instanceof DynamoDBManagerError)) throw error
        if (error.isServerError) serverError ??= error
        else refuse(`${error.code} (HTTP ${error.status}): ${error.message}`)
      }
    }

    const runBatch = async (batch: readonly Line[]): Promise<void> => {
      await Promise.all(batch.map(importLine))
      const last = batch.at(-1)
      if (serverError === undefined && last !== undefined) doneThrough = last.number
      const seconds = (performance.now() - started) / 1000
      line.update(
        `imported ${counts.imported} items, ${counts.failed} failed, line ${doneThrough} (${Math.round(counts.imported / Math.max(seconds, 0.001))}/s)…`,
      )
    }

    let number = 0
    let batch: Line[] = []
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
    for await (const text of lines) {
      number++
      if (number <= skip) continue
      if (text.trim() === '') continue
      batch.push({ number, text })
      if (batch.length < batchSize) continue
      await runBatch(batch)
      batch = []
      if (serverError !== undefined || io.interrupted.aborted) break
    }
    const stoppedEarly = serverError !== undefined || io.interrupted.aborted
    if (!stoppedEarly) {
      await runBatch(batch)
      doneThrough = Math.max(doneThrough, number)
    }
    lines.close()
    line.clear()

    if (serverError !== undefined) reportApiError(io, serverError, 'create')
    const resume = stoppedEarly ? `--skip ${doneThrough}` : undefined
    io.stderr.write(
      `Imported ${counts.imported} items from ${source === '-' ? 'standard input' : source}; ${counts.failed} lines refused${skip > 0 ? `; ${skip} lines skipped` : ''}.${resume === undefined ? '' : ` Stopped after line ${doneThrough}: resume with ${resume}.`}\n`,
    )
    printJson(io, {
      imported: counts.imported,
      failed: counts.failed,
      skipped: skip,
      lastLine: doneThrough,
      ...(resume === undefined ? {} : { resume }),
    })
    if (serverError !== undefined) return ExitCode.ServerError
    if (io.interrupted.aborted) return ExitCode.Interrupted
    return counts.failed > 0 ? ExitCode.ClientError : ExitCode.Success
  },
}

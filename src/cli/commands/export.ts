import { open, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises'
import { stringify } from 'lossless-json'
import { DynamoDBManagerError } from '../../client/errors.js'
import { isJsonObject } from '../../core/codec/json.js'
import { type Command, parseCommandArgs } from '../command.js'
import { clientFromFlags, connectionHelp, connectionOptions } from '../connection.js'
import { ExitCode, exitCodeOf, UsageError } from '../exit-codes.js'
import { formatOptions, paragraph } from '../help.js'
import { type CliIo, parseLosslessJson, printJson } from '../io.js'
import { decodeToken, encodeToken, type PageCursor, pagesFrom } from '../pagination-token.js'
import {
  payloadFlagHelp,
  payloadFlagOptions,
  payloadFlags,
  payloadFromFlags,
} from '../payload-flags.js'
import { counted } from '../plural.js'
import { progressLine, reportApiError } from '../report.js'

/** The scan keys export takes: all of list's, but the cursor is the command's own. */
const scanFlags = payloadFlags('list').filter((flag) => flag.key !== 'ExclusiveStartKey')

const options = {
  ...connectionOptions,
  ...payloadFlagOptions(scanFlags),
  output: { type: 'string', short: 'o' },
  resume: { type: 'boolean' },
  'starting-token': { type: 'string' },
} as const

/** What export records after each page it has written, to resume from the next. */
interface Checkpoint {
  readonly token: string
  readonly items: number
  readonly pages: number
  /** The output file's length after that page: a resume cuts off anything written later. */
  readonly bytes: number
}

async function readCheckpoint(path: string): Promise<Checkpoint> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`--resume: there is no checkpoint ${path}; nothing to resume.`)
  })
  const value = parseLosslessJson(text, path)
  if (!isJsonObject(value) || typeof value.token !== 'string')
    throw new UsageError(`${path} is not an export checkpoint.`)
  return value as unknown as Checkpoint
}

async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  // Written aside, then renamed over: a crash leaves the old checkpoint or the new, whole.
  await writeFile(`${path}.tmp`, `${JSON.stringify(checkpoint)}\n`)
  await rename(`${path}.tmp`, path)
}

function help(): string {
  return [
    'Usage: serverless-lab export [--output FILE] [options]',
    '',
    paragraph(
      'Writes every item of the table as JSON lines, one item per line in the API encoding (the format import reads), page by page. With --output, a FILE.checkpoint is kept after each page; if the export stops (Ctrl+C, an error), --resume goes on from the last page written. On standard output, the NextToken printed on stopping does the same with --starting-token.',
    ),
    '',
    'Options:',
    formatOptions([
      {
        flag: '-o, --output',
        value: 'FILE',
        description: 'Write to FILE (replaced) instead of standard output.',
      },
      { flag: '--resume', description: 'Go on from FILE.checkpoint, appending to FILE.' },
      {
        flag: '--starting-token',
        value: 'TOKEN',
        description: 'Start at a NextToken an earlier run printed.',
      },
      ...payloadFlagHelp(scanFlags, ({ flag, description }) =>
        flag === 'limit' ? 'Items per page (Scan Limit).' : description,
      ),
    ]),
    '',
    'Connection:',
    formatOptions(connectionHelp),
    '',
    'Examples:',
    '  serverless-lab export --output items.jsonl',
    '  serverless-lab export --output items.jsonl --resume',
    '  serverless-lab export --filter-expression \'attribute_exists(#n)\' --expression-attribute-names \'{"#n": "name"}\' > named.jsonl',
    '',
    'Progress shows on standard error at a terminal; a summary is printed at the end. Exit status: 0 success, 1 client error, 2 server error, 130 interrupted.',
    '',
  ].join('\n')
}

/** `serverless-lab export`: the table to JSON lines, resumable from the last page written. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Write every item of the table as JSON lines, resumable from the last page.',
  options,
  help,
  async run(args, io) {
    const { values } = parseCommandArgs('export', { args: [...args], options, strict: true })
    if (values.help) {
      io.stdout.write(help())
      return ExitCode.Success
    }
    const client = clientFromFlags(values, io)
    const payload = await payloadFromFlags(scanFlags, values, {}, io)
    const output = values.output
    const checkpointPath = output === undefined ? undefined : `${output}.checkpoint`
    if (values.resume && checkpointPath === undefined)
      throw new UsageError('--resume needs --output FILE: the checkpoint lives beside it.')

    let cursor: PageCursor = { startKey: undefined, skip: 0 }
    let progress = { items: 0, pages: 0, bytes: 0 }
    if (values.resume && output !== undefined && checkpointPath !== undefined) {
      const checkpoint = await readCheckpoint(checkpointPath)
      await truncate(output, checkpoint.bytes)
      cursor = decodeToken(checkpoint.token)
      progress = { items: checkpoint.items, pages: checkpoint.pages, bytes: checkpoint.bytes }
    } else {
      if (values['starting-token'] !== undefined) cursor = decodeToken(values['starting-token'])
      if (output !== undefined) await writeFile(output, '')
    }

    const file = output === undefined ? undefined : await open(output, 'a')
    // A checkpoint from the start, so that even a failure on the first page can be resumed.
    if (checkpointPath !== undefined && !values.resume)
      await writeCheckpoint(checkpointPath, { token: encodeToken(cursor), ...progress })
    const line = progressLine(io)
    const where = output ?? 'standard output'
    const resumeHint = (token: string) =>
      output === undefined
        ? `Resume with: serverless-lab export --starting-token ${token} (same flags) >> your-file`
        : `Resume with: serverless-lab export --output ${output} --resume (same flags)`
    try {
      for await (const { page, fresh: items } of pagesFrom(
        (first) => client.listPages(first),
        payload,
        cursor,
      )) {
        const text = items.map((item) => `${stringify(item)}\n`).join('')
        if (file === undefined) await writeToStdout(io, text)
        else await file.write(text)
        progress = {
          items: progress.items + items.length,
          pages: progress.pages + 1,
          bytes: progress.bytes + Buffer.byteLength(text),
        }
        if (page.LastEvaluatedKey === undefined) break
        cursor = { startKey: page.LastEvaluatedKey, skip: 0 }
        if (file !== undefined && checkpointPath !== undefined) {
          await file.sync()
          await writeCheckpoint(checkpointPath, { token: encodeToken(cursor), ...progress })
        }
        line.update(
          `exported ${counted(progress.items, 'item')}, ${counted(progress.pages, 'page')}…`,
        )
        if (io.interrupted.aborted) {
          line.clear()
          io.stderr.write(
            `Interrupted after ${counted(progress.items, 'item')}. ${resumeHint(encodeToken(cursor))}\n`,
          )
          return ExitCode.Interrupted
        }
      }
    } catch (error) {
      if (!(error instanceof DynamoDBManagerError)) throw error
      line.clear()
      reportApiError(io, error, 'list')
      io.stderr.write(
        `Export stopped after ${counted(progress.items, 'item')}. ${resumeHint(encodeToken(cursor))}\n`,
      )
      return exitCodeOf(error)
    } finally {
      await file?.close()
    }
    if (checkpointPath !== undefined) await rm(checkpointPath, { force: true })
    line.clear()
    io.stderr.write(
      `Exported ${counted(progress.items, 'item')} in ${counted(progress.pages, 'page')} to ${where}.\n`,
    )
    if (output !== undefined)
      printJson(io, { exported: progress.items, pages: progress.pages, output })
    return ExitCode.Success
  },
}

/** Writes to standard output, waiting when the reader is slower than the table. */
function writeToStdout(io: CliIo, text: string): Promise<void> {
  if (text === '') return Promise.resolve()
  return new Promise((resolve, reject) => {
    io.stdout.write(text, (error) => (error ? reject(error) : resolve()))
  })
}

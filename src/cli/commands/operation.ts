import { isJsonObject, type JsonObject, type JsonValue } from '../../core/codec/json.js'
import { requestExamples } from '../../core/schema/examples.js'
import {
  type OperationName,
  operationsWithoutTableName,
  operationsWithStrictPayload,
} from '../../core/schema/operation-names.js'
import { payloadSchemas } from '../../core/schema/plain-schemas.generated.js'
import type { Command } from '../command.js'
import { parseCommandArgs } from '../command.js'
import { clientFromFlags, connectionHelp, connectionOptions } from '../connection.js'
import { ExitCode, UsageError } from '../exit-codes.js'
import { formatOptions, type OptionHelp, paragraph } from '../help.js'
import { type CliIo, parseLosslessJson, printJson, readAll } from '../io.js'
import {
  payloadFlagHelp,
  payloadFlagOptions,
  payloadFlags,
  payloadFromFlags,
  readJsonArgument,
  wholeNumberFlag,
} from '../payload-flags.js'
import { reportUnprocessed, unprocessedKeyOf } from './batch-unprocessed.js'
import { paginate, paginationHelp, paginationOptions } from './paginate.js'

const hasStrictPayload = (operation: OperationName) =>
  (operationsWithStrictPayload as readonly string[]).includes(operation)

/** batchRead, batchWrite: they name their tables in the payload, so no --table. */
const takesTableName = (operation: OperationName) =>
  !(operationsWithoutTableName as readonly string[]).includes(operation)

/** A word for a POSIX shell: as is when it is safe, else in single quotes. */
const shellWord = (text: string) =>
  /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`

/**
 * The command of an operation whose name is no good as a command: the AWS CLI's spelling
 * (batch-write-item), without its -item.
 */
const commandNames: Partial<Record<OperationName, string>> = {
  batchRead: 'batch-read',
  batchWrite: 'batch-write',
}

/** The command that runs an operation: `batchWrite` → `batch-write`. */
export const commandNameOf = (operation: OperationName) => commandNames[operation] ?? operation

/** The one-line summaries whose schema description does not fit the command. */
const summaries: Partial<Record<OperationName, string>> = {
  list: 'Scan: every page, or up to --max-items (one page with --no-paginate).',
  query: 'Query by key: every page, or up to --max-items (one page with --no-paginate).',
  batchRead: 'BatchGetItem: up to 100 keys over the tables it names; exit 3 if some not read.',
  batchWrite: 'BatchWriteItem: up to 25 puts and deletes; exit 3 if some not done.',
  echo: 'Answers the payload as sent.',
  ping: 'Answers "pong": the API is up.',
}

/** The help's examples, from the OpenAPI document's request examples: one source for both. */
function examples(operation: OperationName): string[] {
  const command = commandNameOf(operation)
  return Object.values(requestExamples)
    .filter((example) => example.value.operation === operation)
    .map(({ value }) => {
      const payload = 'payload' in value ? value.payload : undefined
      if (payload === undefined) return `serverless-lab ${command}`
      if (!hasStrictPayload(operation))
        return `serverless-lab ${command} --payload ${shellWord(JSON.stringify(payload))}`
      const flags = payloadFlags(operation)
      const parts = Object.entries(payload).map(([key, item]) => {
        const flag = flags.find((each) => each.key === key)?.flag
        return `--${flag} ${shellWord(typeof item === 'string' ? item : JSON.stringify(item))}`
      })
      return `serverless-lab ${command} ${parts.join(' ')}`
    })
}

/** Operations that cannot do without a payload: piped standard input may give it. */
const NEEDS_PAYLOAD: ReadonlySet<OperationName> = new Set([
  'create',
  'read',
  'update',
  'delete',
  'query',
  'batchRead',
  'batchWrite',
  'echo',
])

/**
 * The payload from --payload, or else from piped standard input, but only when no payload
 * flag is given and the operation needs one: a command in a `while read` loop, or run with
 * an open but idle pipe as its input (CI, ssh), must not swallow or wait on it.
 */
async function readPayloadBase(
  operation: OperationName,
  values: Record<string, unknown>,
  flagNames: readonly string[],
  io: CliIo,
): Promise<JsonValue | undefined> {
  if (typeof values.payload === 'string') return readJsonArgument(values.payload, '--payload', io)
  const flagGiven = flagNames.some(
    (name) => values[name] !== undefined || values[`no-${name}`] !== undefined,
  )
  if (io.stdin === undefined || flagGiven || !NEEDS_PAYLOAD.has(operation)) return undefined
  const text = await readAll(io.stdin)
  return text.trim() === '' ? undefined : parseLosslessJson(text, 'standard input')
}

/**
 * `serverless-lab OPERATION`: one request of that operation. Its flags are its payload
 * schema's keys; `--payload` (or piped standard input) gives the whole payload at once.
 */
export function operationCommand(operation: OperationName): Command {
  const name = commandNameOf(operation)
  const flags = hasStrictPayload(operation) ? payloadFlags(operation) : []
  const paginated = operation === 'list' || operation === 'query'
  // ping sends no payload: a --payload it would drop is not offered.
  const takesPayload = operation !== 'ping'
  const withTable = takesTableName(operation)
  // An operation that names its tables in the payload would refuse a --table: not offered.
  const { table: _table, ...noTableOptions } = connectionOptions
  const options = {
    // Typed as every command's: a --table left out is never given, which its type allows.
    ...((withTable ? connectionOptions : noTableOptions) as typeof connectionOptions),
    ...(takesPayload ? { payload: { type: 'string' as const } } : {}),
    ...payloadFlagOptions(flags),
    ...(paginated ? paginationOptions : {}),
  } as const
  const unprocessed = unprocessedKeyOf(operation)
  const summary =
    summaries[operation] ??
    (payloadSchemas[operation] as { description?: string }).description ??
    ''

  const help = () => {
    const payloadHelp: OptionHelp[] = [
      ...payloadFlagHelp(flags),
      ...(takesPayload
        ? [
            {
              flag: '--payload',
              value: 'JSON',
              description: `The whole payload${flags.length > 0 ? '; the flags above override its keys' : ''}. Piped standard input is read as the payload when --payload is absent.`,
            },
          ]
        : []),
    ]
    return [
      `Usage: serverless-lab ${name} [options]`,
      '',
      paragraph(summary),
      ...(paginated
        ? [
            '',
            paragraph(
              'Reads every page and prints the items together, as the AWS CLI does; --max-items and --starting-token page through a large result.',
            ),
          ]
        : []),
      ...(payloadHelp.length > 0
        ? [
            '',
            'Payload options (JSON values inline, as file://PATH, or - for standard input):',
            formatOptions(payloadHelp),
          ]
        : []),
      ...(paginated ? ['', 'Pagination:', formatOptions(paginationHelp)] : []),
      '',
      'Connection:',
      formatOptions(
        withTable ? connectionHelp : connectionHelp.filter(({ flag }) => flag !== '--table'),
      ),
      '',
      'Examples:',
      ...examples(operation).map((line) => `  ${line}`),
      '',
      paragraph(
        `Prints the answer as JSON on standard output. Exit status: 0 success, 1 client error (bad input, 4xx), 2 server error (5xx, unreachable)${unprocessed === undefined ? '' : `, 3 some not done in time: said on standard error, and listed in the answer's ${unprocessed}, to send again as RequestItems`}.`,
      ),
      '',
    ].join('\n')
  }

  return {
    name,
    summary,
    options,
    help,
    async run(args, io) {
      if (!withTable && args.some((arg) => arg === '--table' || arg.startsWith('--table=')))
        throw new UsageError(
          `${name} takes no --table${unprocessed === undefined ? '' : ': name each table in the payload, {"RequestItems": {"TABLE": …}}'}.`,
        )
      const { values } = parseCommandArgs(name, { args: [...args], options, strict: true })
      if (values.help) {
        io.stdout.write(help())
        return ExitCode.Success
      }
      const client = clientFromFlags(values, io)
      const base = await readPayloadBase(
        operation,
        values,
        flags.map((flag) => flag.flag),
        io,
      )
      if (!hasStrictPayload(operation)) {
        printJson(
          io,
          await client.call(operation, operation === 'ping' ? undefined : (base ?? null)),
        )
        return ExitCode.Success
      }
      if (base !== undefined && !isJsonObject(base))
        throw new UsageError(`The ${name} payload must be a JSON object.`)
      const payload: JsonObject = await payloadFromFlags(flags, values, base ?? {}, io)
      const missing = flags.filter((flag) => flag.required && payload[flag.key] === undefined)
      if (missing.length > 0)
        throw new UsageError(`${name} needs ${missing.map((flag) => `--${flag.flag}`).join(', ')}.`)
      if (paginated && !values['no-paginate']) {
        // The payload flags' Record type widens every value: these two are string options.
        const maxItems = wholeNumberFlag(values['max-items'] as string | undefined, 'max-items', 1)
        const startingToken = values['starting-token'] as string | undefined
        printJson(
          io,
          await paginate(client, operation, payload, {
            ...(maxItems === undefined ? {} : { maxItems }),
            ...(startingToken === undefined ? {} : { startingToken }),
          }),
        )
        return ExitCode.Success
      }
      const answer = await client.call(operation, payload)
      printJson(io, answer)
      return reportUnprocessed(io, operation, name, answer)
        ? ExitCode.Unprocessed
        : ExitCode.Success
    },
  }
}

import type { DeclaredTable, TablesResult } from '../../client/api-types.js'
import { type Command, parseCommandArgs } from '../command.js'
import { clientFromFlags, connectionHelp, connectionOptions } from '../connection.js'
import { ExitCode, UsageError } from '../exit-codes.js'
import { formatOptions, paragraph } from '../help.js'
import { printJson } from '../io.js'
import { textTable } from '../text-table.js'

const options = { ...connectionOptions, json: { type: 'boolean' } } as const

/** Every connection flag, but --table, which here picks the table to show. */
const help = () =>
  [
    'Usage: serverless-lab tables [options]',
    '',
    paragraph(
      'The tables the API serves, as their tables file declares them: for each, its key and its secondary indexes (the IndexName of list and query), with their keys and projections, and its time-to-live attribute. The default table (a request without --table) comes first.',
    ),
    '',
    'Options:',
    formatOptions([
      {
        flag: '--json',
        description: 'Print the API\'s answer as JSON: {"Tables", "DefaultTable"}.',
      },
      { flag: '--table', value: 'NAME', description: 'Show this table only.' },
    ]),
    '',
    'Connection:',
    formatOptions(connectionHelp.filter((option) => option.flag !== '--table')),
    '',
    'Examples:',
    '  serverless-lab tables',
    '  serverless-lab tables --table orders --json',
    '',
    paragraph(
      'Exit status: 0 success, 1 client error (bad flags, a table the API does not serve, 4xx), 2 server error (5xx, unreachable).',
    ),
    '',
  ].join('\n')

type Key = DeclaredTable['partitionKey']
type Projection = NonNullable<DeclaredTable['globalIndexes']>[number]['projection']

const keyText = (key: Key | undefined) => (key === undefined ? '' : `${key.name} (${key.type})`)

const projectionText = (projection: Projection) =>
  typeof projection === 'string' ? projection : `INCLUDE ${projection.include.join(', ')}`

/** One row for the table itself, then one per index: a local index keys on the table's partition key. */
function rowsOf(table: DeclaredTable, isDefault: boolean): string[][] {
  const name = `${table.name}${isDefault ? ' (default)' : ''}`
  return [
    [
      name,
      '(table)',
      keyText(table.partitionKey),
      keyText(table.sortKey),
      '',
      table.ttlAttribute ?? '',
    ],
    ...(table.globalIndexes ?? []).map((index) => [
      '',
      `${index.name} (global)`,
      keyText(index.partitionKey),
      keyText(index.sortKey),
      projectionText(index.projection),
      '',
    ]),
    ...(table.localIndexes ?? []).map((index) => [
      '',
      `${index.name} (local)`,
      keyText(table.partitionKey),
      keyText(index.sortKey),
      projectionText(index.projection),
      '',
    ]),
  ]
}

/** The answer as a table to read: one block of rows per table. */
export function tablesText({ Tables, DefaultTable }: TablesResult): string {
  return textTable(
    ['TABLE', 'INDEX', 'PARTITION KEY', 'SORT KEY', 'PROJECTION', 'TTL'],
    Tables.flatMap((table) => rowsOf(table, table.name === DefaultTable)),
  )
}

/** `serverless-lab tables`: the declared tables, their keys and indexes. */
export const tablesCommand: Command = {
  name: 'tables',
  summary: 'The tables the API serves, with their keys and indexes.',
  options,
  help,
  async run(args, io) {
    const { values } = parseCommandArgs('tables', { args: [...args], options, strict: true })
    if (values.help) {
      io.stdout.write(help())
      return ExitCode.Success
    }
    // `tables` takes no tableName: --table filters the answer instead.
    const answer = await clientFromFlags({ ...values, table: undefined }, io).tables()
    const wanted = values.table
    const shown =
      wanted === undefined
        ? answer
        : { ...answer, Tables: answer.Tables.filter((table) => table.name === wanted) }
    if (shown.Tables.length === 0) {
      throw new UsageError(
        `--table "${wanted}" is not a table the API serves; it serves ${answer.Tables.map((table) => table.name).join(', ')}.`,
      )
    }
    if (values.json) printJson(io, shown)
    else io.stdout.write(tablesText(shown))
    return ExitCode.Success
  },
}

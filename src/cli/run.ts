import { readFileSync } from 'node:fs'
import { DynamoDBManagerError } from '../client/errors.js'
import { operationNames } from '../core/schema/operation-names.js'
import type { Command } from './command.js'
import { exportCommand } from './commands/export.js'
import { healthCommand } from './commands/health.js'
import { importCommand } from './commands/import.js'
import { operationCommand } from './commands/operation.js'
import { smokeCommand } from './commands/smoke.js'
import { tablesCommand } from './commands/tables.js'
import { connectionHelp } from './connection.js'
import { ExitCode, exitCodeOf, SetupError, UsageError } from './exit-codes.js'
import { formatOptions } from './help.js'
import type { CliIo } from './io.js'
import { splitCommandLine } from './leading-options.js'
import { reportApiError } from './report.js'

/**
 * One subcommand per operation of the API (`tables` prints a table to read, not only JSON),
 * then the commands built on them.
 */
export const commands: readonly Command[] = [
  ...operationNames.map((name) => (name === 'tables' ? tablesCommand : operationCommand(name))),
  healthCommand,
  importCommand,
  exportCommand,
  smokeCommand,
]

function version(): string {
  // Two folders up from src/cli and from dist/cli alike.
  const manifest = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
  return (JSON.parse(manifest) as { version: string }).version
}

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 4
  return [
    'Usage: serverless-lab [options] COMMAND [options]',
    '',
    'Calls the DynamoDBManager API (POST /Prod/DynamoDBManager): JSON in, as flags or on',
    'standard input; JSON out, on standard output; errors on standard error.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Options of every command, before or after its name:',
    formatOptions(connectionHelp),
    '',
    'Exit status: 0 success; 1 client error (bad flags, input or URL, no AWS credentials, or a',
    '4xx answer: repeating will not help); 2 server error (a 5xx answer, or no answer: the',
    'network, DNS, TLS or a timeout; it may work later); 3 a batch left some keys or items',
    'unprocessed (batch-read, batch-write, import: send them again later); 130 interrupted.',
    '',
    'Run "serverless-lab COMMAND --help" for the options of a command.',
    '',
  ].join('\n')
}

/** An error of the operating system (a file not there, no permission), with its code. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string'
}

/**
 * Runs the CLI on its arguments (without `node` and the script) and returns the exit status.
 * Everything it reads and writes goes through `io`, so tests run it in-process.
 *
 * @example
 * process.exitCode = await runCli(['read', '--key', '{"id": "1"}'], io)
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { name, args } = splitCommandLine(argv)
  if (name === undefined) {
    io.stderr.write(overview())
    return ExitCode.ClientError
  }
  if (name === '--help' || name === '-h' || (name === 'help' && args.length === 0)) {
    io.stdout.write(overview())
    return ExitCode.Success
  }
  if (name === '--version') {
    io.stdout.write(`${version()}\n`)
    return ExitCode.Success
  }
  const wanted = name === 'help' ? args[0] : name
  const command = commands.find((each) => each.name === wanted)
  try {
    if (command === undefined)
      throw new UsageError(
        `unknown command "${wanted}". Commands: ${commands.map((each) => each.name).join(', ')}.`,
      )
    if (name === 'help') {
      io.stdout.write(command.help())
      return ExitCode.Success
    }
    return await command.run(args, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `serverless-lab: ${error.message}\nSee "serverless-lab ${command?.name ?? ''}${command ? ' ' : ''}--help".\n`,
      )
      return ExitCode.ClientError
    }
    if (error instanceof SetupError) {
      io.stderr.write(`serverless-lab: ${error.message}\n`)
      return ExitCode.ClientError
    }
    if (error instanceof DynamoDBManagerError) {
      reportApiError(io, error, command?.name ?? name)
      return exitCodeOf(error)
    }
    if (isSystemError(error)) {
      // A file the command was told to read or write: the caller's to fix.
      io.stderr.write(`serverless-lab ${command?.name ?? name}: ${error.message}\n`)
      return ExitCode.ClientError
    }
    throw error
  }
}

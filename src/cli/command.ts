import { type ParseArgsConfig, parseArgs } from 'node:util'
import type { ExitCode } from './exit-codes.js'
import { UsageError } from './exit-codes.js'
import type { CliIo } from './io.js'

/** A subcommand: `serverless-lab NAME [options]`. */
export interface Command {
  readonly name: string
  /** One line, for the list of commands. */
  readonly summary: string
  /** The options it accepts, as parseArgs takes them: its help lists exactly these. */
  readonly options?: ParseArgsConfig['options']
  /** The text of `serverless-lab NAME --help`. */
  help(): string
  run(args: readonly string[], io: CliIo): Promise<ExitCode>
}

/** parseArgs, strict, its complaints turned into usage errors that name the command. */
export function parseCommandArgs<const Config extends ParseArgsConfig>(
  command: string,
  config: Config,
): ReturnType<typeof parseArgs<Config>> {
  try {
    return parseArgs(config)
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`)
  }
}

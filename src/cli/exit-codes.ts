import type { DynamoDBManagerError } from '../client/errors.js'

/**
 * What the CLI's exit status tells a script: 0 it worked; 1 the request was at fault (bad
 * flags or input, or a 4xx answer): repeating it will not help; 2 the service failed or was
 * not reached (a 5xx, no answer): it may work later. 3 the service answered but left some of
 * a batch undone (UnprocessedKeys, UnprocessedItems): send those again later. 130 stopped by
 * Ctrl+C, as shells say.
 */
export const ExitCode = {
  Success: 0,
  ClientError: 1,
  ServerError: 2,
  Unprocessed: 3,
  Interrupted: 130,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export function exitCodeOf(error: DynamoDBManagerError): ExitCode {
  return error.isServerError ? ExitCode.ServerError : ExitCode.ClientError
}

/** A mistake in how the CLI was called: exit 1, with a message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/**
 * The machine's setup is at fault, not the call (no AWS credentials to sign with): exit 1,
 * one line that says what to run, and no pointer to --help, which would not help.
 */
export class SetupError extends Error {
  override readonly name = 'SetupError'
}

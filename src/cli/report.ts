import type { DynamoDBManagerError } from '../client/errors.js'
import { forbiddenHint } from './forbidden-hints.js'
import type { CliIo } from './io.js'

/**
 * An API error on standard error, worded as the AWS CLI words one: what failed, the code to
 * branch on, the server's explanation, and the request id to quote.
 */
export function reportApiError(io: CliIo, error: DynamoDBManagerError, operation: string): void {
  const status = error.status === 0 ? 'no answer' : `HTTP ${error.status}`
  const requestId = error.requestId === undefined ? '' : ` (request id ${error.requestId})`
  const hint = forbiddenHint(error)
  io.stderr.write(
    `An error occurred (${error.code}, ${status}) when calling the ${operation} operation: ${error.message}${requestId}${hint === undefined ? '' : `; ${hint}.`}\n`,
  )
}

/**
 * A line of progress that rewrites itself, on standard error and only at a terminal: a log
 * file or a pipe gets the final summary alone.
 */
export function progressLine(io: CliIo) {
  const enabled = io.stderr.isTTY === true
  return {
    update(text: string): void {
      if (enabled) io.stderr.write(`\r\x1b[K${text}`)
    },
    clear(): void {
      if (enabled) io.stderr.write('\r\x1b[K')
    },
  }
}

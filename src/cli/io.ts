import { stringify } from 'lossless-json'
import { type JsonValue, parseLosslessly } from '../core/codec/json.js'
import { UsageError } from './exit-codes.js'

/** Where the CLI reads and writes: the process's streams, or a test's. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean }
  /** Standard input when it is redirected (a pipe or a file); undefined at a terminal. */
  readonly stdin: NodeJS.ReadableStream | undefined
  readonly env: Readonly<Record<string, string | undefined>>
  /** Aborted on Ctrl+C: bulk commands finish the batch or page in flight, then stop. */
  readonly interrupted: AbortSignal
}

/** JSON as the API reads it: every digit of a long number kept. */
export function parseLosslessJson(text: string, what: string): JsonValue {
  try {
    return parseLosslessly(text)
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`)
  }
}

/** Output as the AWS CLI prints it: JSON indented by 4 spaces, numbers with all their digits. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${stringify(value, null, 4) ?? 'null'}\n`)
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

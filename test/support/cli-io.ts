import { PassThrough, Readable } from 'node:stream'
import type { CliIo } from '../../src/cli/io.js'
import { runCli } from '../../src/cli/run.js'

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export interface CliRunOptions {
  /** Standard input, as if piped; none means a terminal. */
  readonly stdin?: string
  readonly env?: Record<string, string>
  /** Ctrl+C already pressed: bulk commands stop after their first batch or page. */
  readonly interrupted?: boolean
}

/** Runs the CLI in-process, as `serverless-lab ARGS`, and collects what it printed. */
export async function runCliInProcess(
  args: readonly string[],
  { stdin, env = {}, interrupted = false }: CliRunOptions = {},
): Promise<CliRun> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const controller = new AbortController()
  if (interrupted) controller.abort()
  const io: CliIo = {
    stdout,
    stderr,
    stdin: stdin === undefined ? undefined : Readable.from([Buffer.from(stdin)]),
    env,
    interrupted: controller.signal,
  }
  const code = await runCli(args, io)
  return { code, stdout: out, stderr: err }
}

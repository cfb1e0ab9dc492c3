#!/usr/bin/env node
/**
 * The `serverless-lab` command (package.json `bin`). Wires the process's streams, signals and
 * exit status to runCli, which does the work.
 */
import { fstatSync } from 'node:fs'
import { ExitCode } from './exit-codes.js'
import { splitCommandLine } from './leading-options.js'
import { runCli } from './run.js'

/** Standard input counts as input when it is a pipe or a file, never at a terminal. */
function redirectedStdin(): NodeJS.ReadableStream | undefined {
  try {
    const stat = fstatSync(0)
    return stat.isFIFO() || stat.isFile() ? process.stdin : undefined
  } catch {
    return undefined
  }
}

// `serverless-lab export | head`: the reader has gone, which is no failure of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.Success)
  throw error
})

const argv = process.argv.slice(2)
const interrupted = new AbortController()
// Bulk commands finish the batch or page in flight on Ctrl+C and say how to resume; smoke
// skips its steps left but removes its item. A second Ctrl+C, or one during any other
// command, stops at once.
const { name } = splitCommandLine(argv)
const finishesOnInterrupt = name === 'import' || name === 'export' || name === 'smoke'
process.on('SIGINT', () => {
  if (!finishesOnInterrupt || interrupted.signal.aborted) process.exit(ExitCode.Interrupted)
  interrupted.abort()
})

try {
  process.exitCode = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: redirectedStdin(),
    env: process.env,
    interrupted: interrupted.signal,
  })
} catch (error) {
  console.error('serverless-lab failed unexpectedly:', error)
  process.exitCode = ExitCode.ServerError
}

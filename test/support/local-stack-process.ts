import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PROJECT_ROOT = new URL('../../', import.meta.url).pathname

export interface LocalStackProcess {
  readonly child: ChildProcess
  /** The gateway's base URL, e.g. http://127.0.0.1:41234. */
  readonly url: URL
  /** The DynamoDB endpoint the stack uses (the embedded engine's, unless DYNAMODB_ENDPOINT). */
  readonly dynamoDbEndpoint: URL
  /** Everything printed so far, stdout and stderr. */
  output(): string
  /** Sends the signal (to the whole process group for `npm start`) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<ExitStatus>
  readonly exited: Promise<ExitStatus>
}

export interface ExitStatus {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly afterMs: number
}

export interface StartOptions {
  readonly env?: Record<string, string>
  /** `npm` runs `npm start` exactly as a user does; `node` runs what that script runs. */
  readonly via?: 'npm' | 'node'
  /** Options for node itself, such as --cpu-prof (which NODE_OPTIONS does not take); `node` only. */
  readonly nodeArgs?: readonly string[]
  /** `dev` runs the watch mode (`npm run dev`, or main.ts --watch). @default 'start' */
  readonly script?: 'start' | 'dev'
  /** The project to run it in: a copy, for tests that change its sources. @default this one */
  readonly cwd?: string
}

export async function temporaryDataDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'serverless-lab-data-'))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

export interface SpawnedStack {
  readonly child: ChildProcess
  output(): string
  /** Resolves when the process exits; `afterMs` counts from the last signal sent. */
  readonly exited: Promise<ExitStatus>
  /** Sends a signal: to the whole process group for `npm start`, as Ctrl+C does. */
  signal(signal: NodeJS.Signals): void
  /** Sends the signal and waits for the exit; at once if the process has exited already. */
  stop(signal?: NodeJS.Signals): Promise<ExitStatus>
}

/** Starts the process without waiting for it to be ready: for start-up failures. */
export function spawnLocalStack({
  env = {},
  via = 'node',
  nodeArgs = [],
  script = 'start',
  cwd = PROJECT_ROOT,
}: StartOptions = {}): SpawnedStack {
  const command = via === 'npm' ? 'npm' : process.execPath
  const watch = script === 'dev' ? ['--watch'] : []
  const args =
    via === 'npm'
      ? ['run', script, '--silent']
      : [...nodeArgs, '--import', 'tsx', 'src/local/main.ts', ...watch]
  const child = spawn(command, args, {
    cwd,
    // Ports 0: the operating system picks free ones, printed in the banner.
    env: { ...process.env, PORT: '0', DYNAMODB_PORT: '0', DATA_DIR: ':memory:', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: via === 'npm',
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  let signalledAt = performance.now()
  const exited = new Promise<ExitStatus>((resolve) => {
    child.on('exit', (code, signal) =>
      resolve({ code, signal, afterMs: performance.now() - signalledAt }),
    )
  })
  const signal = (name: NodeJS.Signals) => {
    const running = child.exitCode === null && child.signalCode === null
    if (running) signalledAt = performance.now()
    if (via === 'npm' && child.pid !== undefined) {
      // The whole group, as Ctrl+C does, also once npm itself has exited: the node process
      // it started may outlive it.
      try {
        process.kill(-child.pid, name)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
      }
    } else if (running) child.kill(name)
  }
  return {
    child,
    output: () => output,
    exited,
    signal,
    stop(name = 'SIGTERM') {
      signal(name)
      return exited
    },
  }
}

/**
 * The structured (JSON) log lines in a process's output so far. Only whole lines count: the
 * last one may still be arriving.
 */
export function jsonLogLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

/** The gateway's base URL as the local stack's banner prints it, once it has. */
export function gatewayUrlIn(output: string): string | undefined {
  return /API\s+POST (http:\/\/\S+)\/Prod\/DynamoDBManager/.exec(output)?.[1]
}

/**
 * Starts the local stack as a child process and waits for its banner, from which it reads
 * the gateway URL and the DynamoDB endpoint.
 */
export async function startLocalStackProcess(
  options: StartOptions = {},
): Promise<LocalStackProcess> {
  const spawned = spawnLocalStack(options)
  const { child, output, exited } = spawned
  const deadline = Date.now() + 20_000
  let api: string | undefined
  let dynamoDb: RegExpExecArray | null = null
  while (Date.now() < deadline && child.exitCode === null) {
    api = gatewayUrlIn(output())
    dynamoDb = /DynamoDB\s+(http:\/\/\S+)/.exec(output())
    if (api && dynamoDb) break
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  if (!api || !dynamoDb?.[1]) {
    // Gone before the error is thrown: the caller has nothing to stop.
    await spawned.stop('SIGKILL')
    throw new Error(`The local stack did not start. Its output:\n${output()}`)
  }
  return {
    child,
    url: new URL(api),
    dynamoDbEndpoint: new URL(dynamoDb[1]),
    output,
    exited,
    stop: spawned.stop,
  }
}

export interface HttpResult {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: unknown
}

/** POSTs an envelope (an object; or text, when digits must be exact; or raw bytes) to the API. */
export async function postManager(
  base: URL,
  envelope: unknown,
  {
    path = '/Prod/DynamoDBManager',
    headers = { 'content-type': 'application/json' } as Record<string, string>,
  } = {},
): Promise<HttpResult> {
  const body =
    typeof envelope === 'string' || envelope instanceof Uint8Array
      ? envelope
      : JSON.stringify(envelope)
  return request(new URL(path, base), { method: 'POST', headers, body })
}

export async function request(url: URL, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init)
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import autocannon from 'autocannon'
import { percentile } from './stats.js'
import { hasCommand } from './tools.js'

export interface LoadResult {
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly errors: number
}

export interface LoadShape {
  readonly connections: number
  readonly seconds: number
}

/**
 * Runs `call` from `connections` loops for `seconds`, in this process: the way an SDK
 * client's own ceiling is measured. Bounded in time; stops by itself.
 */
export async function closedLoop(
  call: (sequence: number) => Promise<unknown>,
  { connections, seconds }: LoadShape,
): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  let sequence = 0
  const started = performance.now()
  const end = started + seconds * 1000
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const before = performance.now()
        try {
          sequence += 1
          await call(sequence)
        } catch {
          errors += 1
        }
        latencies.push(performance.now() - before)
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
  }
}

export interface HttpTarget {
  readonly url: string
  readonly method: 'GET' | 'POST'
  readonly headers: Readonly<Record<string, string>>
  /** The body; each `__N__` in it becomes a per-request counter, for writes of distinct items. */
  readonly body?: string
}

let chosenGenerator: 'wrk' | 'autocannon' | undefined

/**
 * Which load generator runs: wrk (C, light on the CPU the server needs) where installed.
 * Chosen at the first load, not at import: bench/run.ts installs wrk before any load.
 */
export function loadGenerator(): 'wrk' | 'autocannon' {
  chosenGenerator ??= hasCommand('wrk') ? 'wrk' : 'autocannon'
  return chosenGenerator
}

/** HTTP load on 127.0.0.1 with keep-alive connections for a bounded time. */
export function httpLoad(target: HttpTarget, shape: LoadShape): Promise<LoadResult> {
  return loadGenerator() === 'wrk' ? wrkLoad(target, shape) : autocannonLoad(target, shape)
}

const run = promisify(execFile)

function luaString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

async function wrkLoad(
  target: HttpTarget,
  { connections, seconds }: LoadShape,
): Promise<LoadResult> {
  const directory = await mkdtemp(join(tmpdir(), 'bench-wrk-'))
  const script = join(directory, 'request.lua')
  const headers = Object.entries(target.headers).map(
    ([name, value]) => `wrk.headers[${luaString(name)}] = ${luaString(value)}`,
  )
  const body = target.body ?? ''
  const lua = [
    `wrk.method = ${luaString(target.method)}`,
    ...headers,
    body.includes('__N__')
      ? [
          'local counter = 0',
          `local template = ${luaString(body)}`,
          'request = function()',
          '  counter = counter + 1',
          '  return wrk.format(nil, nil, nil, (string.gsub(template, "__N__", tostring(counter))))',
          'end',
        ].join('\n')
      : `wrk.body = ${luaString(body)}`,
  ].join('\n')
  await writeFile(script, lua)
  try {
    const { stdout } = await run(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, target.url],
      {
        timeout: (seconds + 30) * 1000,
      },
    )
    return parseWrk(stdout)
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

function milliseconds(text: string | undefined): number {
  const match = /([\d.]+)(us|ms|s)/.exec(text ?? '')
  if (!match) return Number.NaN
  const value = Number(match[1])
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value
}

/** Reads wrk's summary: requests/s, the latency distribution, and every kind of failure. */
function parseWrk(output: string): LoadResult {
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN)
  const p50 = milliseconds(/\s50%\s+(\S+)/.exec(output)?.[1])
  const p99 = milliseconds(/\s99%\s+(\S+)/.exec(output)?.[1])
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  const socketErrors = socket ? socket.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0
  return { requestsPerSecond: rate, p50Ms: p50, p99Ms: p99, errors: non2xx + socketErrors }
}

async function autocannonLoad(
  target: HttpTarget,
  { connections, seconds }: LoadShape,
): Promise<LoadResult> {
  let counter = 0
  const body = target.body ?? ''
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: { ...target.headers },
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          counter += 1
          return { ...request, body: body.replaceAll('__N__', String(counter)) }
        },
      },
    ],
  })
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  }
}

import autocannon from 'autocannon'
import { percentile } from './stats.js'

export interface LoadResult {
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly errors: number
}

/**
 * Runs `call` from `concurrency` loops for `seconds`, in this process: the way an SDK
 * client's own ceiling is measured. Bounded in time; stops by itself.
 */
export async function closedLoop(
  call: () => Promise<unknown>,
  { concurrency, seconds }: { concurrency: number; seconds: number },
): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  const started = performance.now()
  const end = started + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const before = performance.now()
        try {
          await call()
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

/** HTTP load with autocannon: `connections` keep-alive connections for `seconds`. */
export async function httpLoad(
  options: { url: string; method: 'GET' | 'POST'; body?: string; headers?: Record<string, string> },
  { connections, seconds }: { connections: number; seconds: number },
): Promise<LoadResult> {
  const result = await autocannon({ ...options, connections, duration: seconds })
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  }
}

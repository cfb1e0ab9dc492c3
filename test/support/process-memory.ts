import { readFile } from 'node:fs/promises'

/** A process's resident memory, in MiB, from /proc. */
export async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024
}

/**
 * Samples a process's resident memory every `intervalMs` until `stop()`, which resolves
 * with the highest value seen (the first sample included).
 */
export async function samplePeakMemory(
  pid: number,
  intervalMs: number,
): Promise<{ stop(): number }> {
  let peak = await residentMiB(pid)
  const sampler = setInterval(() => {
    residentMiB(pid).then(
      (now) => {
        peak = Math.max(peak, now)
      },
      () => undefined,
    )
  }, intervalMs)
  return {
    stop() {
      clearInterval(sampler)
      return peak
    },
  }
}

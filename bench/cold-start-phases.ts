import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { READ_REQUEST } from './context.js'
import { worktreeOfRevision } from './revision-worktree.js'
import { median } from './stats.js'

const run = promisify(execFile)

/** A function bundle to time: the module Lambda would load, and a name for the report. */
export interface TimedBundle {
  readonly label: string
  /** The bundle's handler module (index.js), CommonJS as the CDK app ships it. */
  readonly file: string
}

export interface ColdStartPhases {
  readonly label: string
  /** Loading the module, which Lambda does in its init phase: what runs at module load. */
  readonly initMs: number
  /** The first invocation: a read, served by the handler just loaded. */
  readonly firstRequestMs: number
}

/**
 * What a fresh process does, as Lambda's Node.js runtime does it: require the handler module
 * (the init phase), then invoke it once (the first invocation), each phase timed on its own.
 */
function driverSource(file: string): string {
  return `const { performance } = require('node:perf_hooks')
const started = performance.now()
const { handler } = require(${JSON.stringify(file)})
const loaded = performance.now()
handler(${JSON.stringify(READ_REQUEST)}).then(
  () => process.stdout.write(JSON.stringify({ initMs: loaded - started, firstRequestMs: performance.now() - loaded })),
  (error) => { console.error(error); process.exit(1) },
)
`
}

/**
 * The init phase and the first request of each bundle, medians of `runs` fresh processes,
 * the bundles taking turns run by run so that both see the same machine.
 */
export async function measureColdStartPhases(
  bundles: readonly TimedBundle[],
  { runs, env, nodeOptions }: { runs: number; env: NodeJS.ProcessEnv; nodeOptions: string },
): Promise<ColdStartPhases[]> {
  const directory = await mkdtemp(join(tmpdir(), 'bench-phases-'))
  try {
    const drivers = await Promise.all(
      bundles.map(async (bundle, index) => {
        const driver = join(directory, `driver-${index}.cjs`)
        await writeFile(driver, driverSource(bundle.file))
        return driver
      }),
    )
    const samples = bundles.map(() => ({ initMs: [] as number[], firstRequestMs: [] as number[] }))
    const nodeArgs = nodeOptions.split(' ').filter((option) => option !== '')
    for (let round = 0; round < runs; round += 1) {
      for (const [index, driver] of drivers.entries()) {
        const { stdout } = await run(process.execPath, [...nodeArgs, driver], { env })
        // The bundle writes its invocation's metrics (an EMF line) before the timing line.
        const timing = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as {
          initMs: number
          firstRequestMs: number
        }
        samples[index]?.initMs.push(timing.initMs)
        samples[index]?.firstRequestMs.push(timing.firstRequestMs)
      }
    }
    return bundles.map((bundle, index) => ({
      label: bundle.label,
      initMs: median(samples[index]?.initMs ?? []),
      firstRequestMs: median(samples[index]?.firstRequestMs ?? []),
    }))
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

/**
 * The function bundle of another revision of this repository (BENCH_COMPARE_REF), for a
 * before/after in one run: a temporary worktree of that revision synthesizes its stack as
 * test/support/function-bundle.ts does there.
 */
export async function bundleOfRevision(
  revision: string,
): Promise<{ bundle: TimedBundle; remove(): Promise<void> }> {
  const worktree = await worktreeOfRevision(revision)
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { synthesizeFunctionBundle } from './test/support/function-bundle.ts'\nconst { file, dir } = synthesizeFunctionBundle()\nprocess.stdout.write(JSON.stringify({ file, dir }))",
      ],
      { cwd: worktree.path, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' } },
    )
    const { file, dir } = JSON.parse(stdout) as { file: string; dir: string }
    if (!file.endsWith('.js')) {
      await rm(dir, { recursive: true, force: true })
      throw new Error(`${revision}'s bundle is not CommonJS (${file}): its phases cannot be timed`)
    }
    return {
      bundle: { label: worktree.label, file },
      remove: async () => {
        await rm(dir, { recursive: true, force: true })
        await worktree.remove()
      },
    }
  } catch (error) {
    await worktree.remove()
    throw error
  }
}

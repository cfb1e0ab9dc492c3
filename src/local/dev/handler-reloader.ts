import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { BuildFailure, Message } from 'esbuild'
import type { ServiceConfig } from '../../config/service-config.js'
import type { LambdaHandler } from '../../lambda/lambda-handler.js'
import { LocalStackError } from '../local-stack-error.js'
import type { ServiceHandler } from '../service-handler.js'
import { type ChangeReport, reportChanges } from './change-report.js'
import { watchTree } from './watch-tree.js'

/** The module rebuilt on each change: the handler and everything it imports under src/. */
const ENTRY = fileURLToPath(new URL('../service-handler.ts', import.meta.url))
const SRC = fileURLToPath(new URL('../../', import.meta.url))
const PROJECT = dirname(SRC)

/** An editor's save is often several writes (a temporary file, a rename): wait for the last. */
const SETTLE_MS = 15

export interface ReloadingHandler extends ServiceHandler {
  /** Stops watching and removes the build file. */
  stop(): Promise<void>
}

export interface ReloaderOptions {
  readonly config: ServiceConfig
  readonly credentials: AwsCredentialIdentityProvider
  /** Where it says what it did; the terminal by default. */
  readonly report?: ChangeReport
}

type Build =
  | { readonly ok: true; readonly code: string; readonly inputs: ReadonlySet<string> }
  | { readonly ok: false; readonly errors: Message[] }

/**
 * `npm run dev`: the service's handler, rebuilt and swapped in on every change under src/,
 * while the process, its gateway's socket, the engine's worker (and so its data) and the open
 * console stay as they are.
 *
 * Why a fresh module and not a fresh process or worker: the engine and the HTTP listener
 * live in this process, so only the handler need change. esbuild (incremental) bundles the
 * handler's sources (not node_modules, which stay loaded) into one file, imported under a
 * new URL: a reload costs a bundle and an import, tens of milliseconds, where a new process
 * would load the AWS SDK again and a worker would put a thread hop on every request. The
 * cost: Node never unloads an ES module, so each reload keeps its build in memory (a few
 * hundred KB); restart after some thousands of reloads. A build that fails, or a module that
 * throws while it loads, leaves the last good handler serving, and its error is printed once.
 *
 * Type errors are not checked here (esbuild only strips types): the editor and
 * `npm run typecheck` do that, in seconds rather than milliseconds.
 */
export async function startReloadingHandler({
  config,
  credentials,
  report = reportChanges(),
}: ReloaderOptions): Promise<ReloadingHandler> {
  const { context } = await import('esbuild')
  // In the project, so that the build's imports of packages resolve to its node_modules.
  const outFile = join(PROJECT, '.dev', `service-handler-${process.pid}.mjs`)
  const esbuild = await context({
    entryPoints: [ENTRY],
    absWorkingDir: PROJECT,
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    metafile: true,
    write: false,
    logLevel: 'silent',
  })

  async function build(): Promise<Build> {
    try {
      const result = await esbuild.rebuild()
      return {
        ok: true,
        code: result.outputFiles?.[0]?.text ?? '',
        inputs: new Set(Object.keys(result.metafile?.inputs ?? {})),
      }
    } catch (error) {
      const errors = (error as Partial<BuildFailure>).errors
      if (errors === undefined) throw error
      return { ok: false, errors }
    }
  }

  let generation = 0
  async function load(code: string): Promise<ServiceHandler> {
    await mkdir(dirname(outFile), { recursive: true })
    await writeFile(outFile, code)
    generation += 1
    // A new URL each time: the loader caches modules by URL, the query makes it read anew.
    const module = (await import(
      `${pathToFileURL(outFile).href}?build=${generation}`
    )) as typeof import('../service-handler.js')
    return module.composeServiceHandler(config, credentials)
  }

  const first = await build()
  if (!first.ok) {
    await esbuild.dispose()
    throw new LocalStackError(`The handler does not compile:\n${await report.format(first.errors)}`)
  }
  let current = await load(first.code)
  let served = first.code

  /** Changes seen so far: a build that a later change makes stale is dropped unreported. */
  let changes = 0
  /** The files and start of a dropped build, which the next reload reports as its own. */
  let carried: { readonly files: readonly string[]; readonly since: number } | undefined

  async function reload(saved: readonly string[], savedAt: number): Promise<void> {
    const files = [...new Set([...(carried?.files ?? []), ...saved])]
    const since = Math.min(carried?.since ?? savedAt, savedAt)
    carried = undefined
    const changesBefore = changes
    const next = await build()
    // A save seen while building (the write after a truncation, another file of the same save)
    // has its own reload queued: this build may have read a file half written.
    if (changes !== changesBefore) {
      carried = { files, since }
      return
    }
    if (!next.ok) {
      await report.buildFailed(next.errors)
      return
    }
    report.outsideHandler(files.filter((file) => !next.inputs.has(`src/${file}`)))
    if (next.code === served) {
      report.unchanged()
      return
    }
    try {
      current = await load(next.code)
      served = next.code
      report.reloaded(
        files.filter((file) => next.inputs.has(`src/${file}`)),
        performance.now() - since,
      )
    } catch (error) {
      report.loadFailed(error)
    }
  }

  const changed = new Set<string>()
  let firstChangeAt = 0
  let settle: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const stopWatching = watchTree(SRC, (file) => {
    if (changed.size === 0) firstChangeAt = performance.now()
    changes += 1
    changed.add(file)
    clearTimeout(settle)
    settle = setTimeout(() => {
      const files = [...changed]
      const since = firstChangeAt
      changed.clear()
      // One reload at a time, in the order of the saves.
      running = running.then(() => reload(files, since)).catch(report.loadFailed)
    }, SETTLE_MS)
  })

  const handler: LambdaHandler = (event, invocation) => current.handler(event, invocation)
  return {
    handler,
    // The first build's: a reload does not reach the gateway's own log lines.
    log: current.log,
    async stop() {
      clearTimeout(settle)
      stopWatching()
      await running
      await esbuild.dispose()
      await rm(outFile, { force: true })
    },
  }
}

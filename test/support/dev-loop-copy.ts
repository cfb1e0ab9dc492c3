import { cp, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type LocalStackProcess,
  postManager,
  startLocalStackProcess,
} from './local-stack-process.js'

const PROJECT_ROOT = new URL('../../', import.meta.url).pathname

/** What `npm run dev` needs of the project: the sources, the scripts, the TypeScript settings. */
const COPIED = ['src', 'package.json', 'tsconfig.json']

export interface DevLoopCopy {
  /** `npm run dev`, running in the copy. */
  readonly stack: LocalStackProcess
  /** The copy's folder. */
  readonly root: string
  readFile(path: string): Promise<string>
  /** Writes a file of the copy, as an editor saves it. */
  writeFile(path: string, text: string): Promise<void>
  /** Stops the process and deletes the copy. */
  remove(): Promise<void>
}

/**
 * `npm run dev` in a temporary copy of the project (node_modules linked, not copied), for
 * tests and benchmarks that change its sources while it runs.
 */
export async function startDevLoopCopy(env: Record<string, string> = {}): Promise<DevLoopCopy> {
  const root = await mkdtemp(join(tmpdir(), 'serverless-lab-dev-'))
  const remove = () => rm(root, { recursive: true, force: true })
  try {
    for (const name of COPIED)
      await cp(join(PROJECT_ROOT, name), join(root, name), { recursive: true })
    await symlink(await realpath(join(PROJECT_ROOT, 'node_modules')), join(root, 'node_modules'))
    const stack = await startLocalStackProcess({ via: 'npm', script: 'dev', cwd: root, env })
    return {
      stack,
      root,
      readFile: (path) => readFile(join(root, path), 'utf8'),
      writeFile: (path, text) => writeFile(join(root, path), text),
      async remove() {
        await stack.stop('SIGKILL')
        await remove()
      },
    }
  } catch (error) {
    await remove()
    throw error
  }
}

/** The answer to ping: what the tests change to see a reload served. */
export async function pingAnswer(stack: LocalStackProcess): Promise<unknown> {
  return (await postManager(stack.url, { operation: 'ping' })).json
}

/**
 * Polls ping until it answers `expected`; resolves with the milliseconds since `since`, or
 * rejects after `timeoutMs`.
 */
export async function waitForPing(
  stack: LocalStackProcess,
  expected: string,
  since: number,
  timeoutMs = 10_000,
): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if ((await pingAnswer(stack)) === expected) return performance.now() - since
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`ping did not answer ${JSON.stringify(expected)} within ${timeoutMs} ms`)
}

/** The line of src/core/operations.ts that the tests change: ping's answer. */
export const PING_LINE = "ping: async () => 'pong',"

/** operations.ts with ping answering `answer`, or with `broken` in place of the line. */
export function withPing(source: string, answer: string): string {
  if (!source.includes(PING_LINE)) throw new Error(`src/core/operations.ts has no ${PING_LINE}`)
  return source.replace(PING_LINE, `ping: async () => '${answer}',`)
}

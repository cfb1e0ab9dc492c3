import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { afterTest } from '../support/after-test.js'
import { type Answer, closedPortUrl, startRecordingProxy } from '../support/capture-server.js'
import { runCliInProcess } from '../support/cli-io.js'
import { type LocalStackProcess, startLocalStackProcess } from '../support/local-stack-process.js'

const PROJECT_ROOT = new URL('../../', import.meta.url).pathname

interface TestItem {
  readonly id: string
  readonly line: number
  readonly text: string
}

const unavailable: Answer = {
  status: 503,
  body: '{"code":"ServiceUnavailable","message":"injected","requestId":"r-503"}',
}
const throttled: Answer = {
  status: 429,
  headers: { 'retry-after': '0' },
  body: '{"code":"Throttled","message":"injected","requestId":"r-429"}',
}

/** The JSON summary of a run from the start that stopped after `lastLine`, none refused. */
const stoppedAfter = (lastLine: number, imported: number) => ({
  imported,
  failed: 0,
  skipped: 0,
  lastLine,
  resume: `--skip ${lastLine}`,
})

/** The JSON summary of a run resumed after `skipped` that completed a file of `lines`. */
const completed = (skipped: number, lines: number) => ({
  imported: lines - skipped,
  failed: 0,
  skipped,
  lastLine: lines,
})

/** The --skip a stopped import's JSON summary gives, as arguments to run it with. */
function resumeArgs(summary: string): string[] {
  return (JSON.parse(summary) as { resume: string }).resume.split(' ')
}

describe('import, stopped anywhere, resumes without skipping or changing a line', () => {
  let stack: LocalStackProcess
  let folder: string

  beforeAll(async () => {
    stack = await startLocalStackProcess()
    folder = await mkdtemp(join(tmpdir(), 'serverless-lab-import-'))
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
    await rm(folder, { recursive: true, force: true })
  })

  const importInto = (url: URL, file: string, ...args: string[]) =>
    runCliInProcess(['import', file, ...args, '--url', url.href])

  /** A JSON-lines file of `count` items, line N holding the item `PREFIX-N`. */
  async function itemsFile(prefix: string, count: number) {
    const items: TestItem[] = Array.from({ length: count }, (_, index) => ({
      id: `${prefix}-${index + 1}`,
      line: index + 1,
      text: `line ${index + 1} of ${prefix}`,
    }))
    const path = join(folder, `${prefix}.jsonl`)
    await writeFile(path, `${items.map((item) => JSON.stringify(item)).join('\n')}\n`)
    return { path, items }
  }

  /** The table's items whose id starts with `PREFIX-`, by id, read through the API. */
  async function storedItems(prefix: string): Promise<Map<string, TestItem>> {
    const listed = await runCliInProcess([
      'list',
      '--filter-expression',
      'begins_with(id, :p)',
      '--expression-attribute-values',
      JSON.stringify({ ':p': `${prefix}-` }),
      '--url',
      stack.url.href,
    ])
    expect(listed.code).toBe(0)
    const { Items } = JSON.parse(listed.stdout) as { Items: TestItem[] }
    return new Map(Items.map((item) => [item.id, item]))
  }

  const byId = (items: readonly TestItem[]) => new Map(items.map((item) => [item.id, item]))

  it('says so when no line was stored: the repro of issue 13, two lines and no server', async () => {
    // Prepare
    const { path } = await itemsFile('unreachable', 2)

    // Act
    const run = await importInto(await closedPortUrl(), path)

    // Assess
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toEqual(stoppedAfter(0, 0))
    expect(run.stderr).toMatch(/^line 1: An error occurred \(NetworkError, no answer\)/m)
    expect(run.stderr).toMatch(/Stopped at line 1: resume with --skip 0\.\n$/)
  })

  it.each([
    { batch: 'the first', prefix: 'first', failing: 2, answer: unavailable, code: 2 },
    { batch: 'a middle', prefix: 'middle', failing: 6, answer: unavailable, code: 2 },
    { batch: 'the last (partial)', prefix: 'last', failing: 10, answer: unavailable, code: 2 },
    { batch: 'a middle', prefix: 'throttled', failing: 7, answer: throttled, code: 1 },
  ])(
    'when $batch batch fails ($answer.status on line $failing), the hint resumes at that line and the re-run completes the table',
    async ({ prefix, failing, answer, code }) => {
      // Prepare: 10 lines in batches of 4 (1-4, 5-8, 9-10); the API answers as `answer` for
      // one line, through a proxy in front of the local stack.
      const { path, items } = await itemsFile(prefix, 10)
      const proxy = await startRecordingProxy(stack.url, (request) =>
        request.body.includes(`"id":"${prefix}-${failing}"`) ? answer : undefined,
      )
      afterTest(() => proxy.close())
      const sentBeforeTheFailingBatch = Math.floor((failing - 1) / 4) * 4
      const inTheFailingBatch = Math.min(4, items.length - sentBeforeTheFailingBatch)

      // Act
      const stopped = await importInto(proxy.url, path, '--batch-size', '4')
      const storedWhenStopped = await storedItems(prefix)
      const resumed = await importInto(
        stack.url,
        path,
        '--batch-size',
        '4',
        ...resumeArgs(stopped.stdout),
      )

      // Assess: the lines before the failing one are the resume point, stored; the batch's
      // other lines were stored too (and count as imported) but lie past it.
      expect(stopped.code).toBe(code)
      expect(JSON.parse(stopped.stdout)).toEqual(
        stoppedAfter(failing - 1, sentBeforeTheFailingBatch + inTheFailingBatch - 1),
      )
      expect(stopped.stderr).toContain(
        `line ${failing}: An error occurred (${JSON.parse(answer.body).code}, HTTP ${answer.status})`,
      )
      expect(stopped.stderr).toContain(
        `Stopped at line ${failing}: resume with --skip ${failing - 1}.`,
      )
      expect([...storedWhenStopped.keys()]).not.toContain(`${prefix}-${failing}`)
      for (const item of items.slice(0, failing - 1))
        expect(storedWhenStopped.get(item.id)).toEqual(item)
      expect(resumed.code).toBe(0)
      expect(JSON.parse(resumed.stdout)).toEqual(completed(failing - 1, items.length))
      expect(await storedItems(prefix)).toEqual(byId(items))
    },
  )

  it('after a kill -9 mid-file, every line up to the last --skip it reported is stored, and the re-run with it completes the table', async () => {
    // Prepare: 200 lines in batches of 25; the request of line 140 never gets an answer, so
    // the CLI stalls mid-file with the batch of lines 126-150 in flight.
    const { path, items } = await itemsFile('killed', 200)
    const stalledBody = '"id":"killed-140"'
    const proxy = await startRecordingProxy(stack.url, (request) =>
      request.body.includes(stalledBody) ? new Promise<Answer>(() => {}) : undefined,
    )
    afterTest(() => proxy.close())
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'import', path, '--url', proxy.url.href],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_, signal) => resolve(signal)),
    )
    afterTest(() => {
      child.kill('SIGKILL')
      return exited
    })
    const reportedSkips = () =>
      [...stderr.matchAll(/resume with --skip (\d+)\n/g)].map((match) => Number(match[1]))

    // Act: killed with the batch in flight, once the point before it has been reported (a
    // second at most after that batch settled).
    await vi.waitUntil(
      () =>
        child.exitCode !== null ||
        ((reportedSkips().at(-1) ?? 0) >= 125 &&
          proxy.requests.some((request) => request.body.includes(stalledBody))),
      { timeout: 50_000, interval: 5 },
    )
    child.kill('SIGKILL')
    const signal = await exited
    const reported = reportedSkips()
    const storedWhenKilled = await storedItems('killed')
    const resumed = await importInto(stack.url, path, '--skip', String(reported.at(-1)))

    // Assess: what it reported, in order, is stored; the batch in flight is not reported.
    expect(signal).toBe('SIGKILL')
    expect(stderr).not.toMatch(/^Imported/m)
    expect(reported).toEqual([...reported].sort((a, b) => a - b))
    expect(reported.at(-1)).toBe(125)
    const missing = items.slice(0, 125).filter((item) => !storedWhenKilled.has(item.id))
    expect(missing.map((item) => item.id)).toEqual([])
    expect(storedWhenKilled.has('killed-140')).toBe(false)
    expect(items.slice(150).filter((item) => storedWhenKilled.has(item.id))).toEqual([])
    expect(resumed.code).toBe(0)
    expect(JSON.parse(resumed.stdout)).toEqual(completed(125, items.length))
    expect(await storedItems('killed')).toEqual(byId(items))
  }, 60_000)

  it('counts in words that agree with the number: 1 item, 1 line', async () => {
    // Prepare
    const path = join(folder, 'plural.jsonl')
    await writeFile(path, '{"id": "plural-1"}\nnot json\n')

    // Act
    const run = await importInto(stack.url, path)

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      `Imported 1 item from ${path}; 1 line refused.`,
    )
  })
})

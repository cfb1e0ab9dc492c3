import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { TABLE } from '../../src/table/definition.js'
import { afterTest } from '../support/after-test.js'
import { type Answer, closedPortUrl, startRecordingProxy } from '../support/capture-server.js'
import { runCliInProcess } from '../support/cli-io.js'
import {
  type LocalStackProcess,
  postManager,
  startLocalStackProcess,
} from '../support/local-stack-process.js'

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

/** A batchWrite payload of puts, as the import sends it. */
interface BatchPayload {
  readonly RequestItems: Record<string, Array<{ PutRequest: { Item: { id: string } } }>>
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

  // The table named: an API without the tables operation has no default to tell.
  const importInto = (url: URL, file: string, ...args: string[]) =>
    runCliInProcess(['import', file, ...args, '--url', url.href, '--table', TABLE.tableName])

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
    'when $batch batch fails ($answer.status for the request of line $failing), the hint resumes at that batch and the re-run completes the table',
    async ({ prefix, failing, answer, code }) => {
      // Prepare: 10 lines in batchWrite requests of 4 (1-4, 5-8, 9-10); the API answers as
      // `answer` for the request holding one line, through a proxy in front of the local stack.
      const { path, items } = await itemsFile(prefix, 10)
      const proxy = await startRecordingProxy(stack.url, (request) =>
        request.body.includes(`"id":"${prefix}-${failing}"`) ? answer : undefined,
      )
      afterTest(() => proxy.close())
      const sentBeforeTheFailingBatch = Math.floor((failing - 1) / 4) * 4
      const firstOfTheBatch = sentBeforeTheFailingBatch + 1
      const theFailingBatch = items.slice(sentBeforeTheFailingBatch, sentBeforeTheFailingBatch + 4)

      // Act: one request at a time, so that nothing after the failing batch is sent (with
      // several in flight, later batches may be stored too; the point is the same, below).
      const sequential = ['--batch-size', '4', '--concurrency', '1']
      const stopped = await importInto(proxy.url, path, ...sequential)
      const storedWhenStopped = await storedItems(prefix)
      const resumed = await importInto(
        stack.url,
        path,
        ...sequential,
        ...resumeArgs(stopped.stdout),
      )

      // Assess: one request holds the whole batch, so none of it is stored and the point is
      // its first line; every line before it is stored.
      expect(stopped.code).toBe(code)
      expect(JSON.parse(stopped.stdout)).toEqual(
        stoppedAfter(sentBeforeTheFailingBatch, sentBeforeTheFailingBatch),
      )
      expect(stopped.stderr).toContain(
        `line ${firstOfTheBatch}: An error occurred (${JSON.parse(answer.body).code}, HTTP ${answer.status}) when calling the batchWrite operation`,
      )
      expect(stopped.stderr).toContain(
        `Stopped at line ${firstOfTheBatch}: resume with --skip ${sentBeforeTheFailingBatch}.`,
      )
      expect(theFailingBatch.filter((item) => storedWhenStopped.has(item.id))).toEqual([])
      for (const item of items.slice(0, sentBeforeTheFailingBatch))
        expect(storedWhenStopped.get(item.id)).toEqual(item)
      expect(resumed.code).toBe(0)
      expect(JSON.parse(resumed.stdout)).toEqual(completed(sentBeforeTheFailingBatch, items.length))
      expect(await storedItems(prefix)).toEqual(byId(items))
    },
  )

  it('after a kill -9 mid-file, every line up to the last --skip it reported is stored, and the re-run with it completes the table', async () => {
    // Prepare: 200 lines in batchWrite requests of 25; the request holding line 140 never
    // gets an answer, so the CLI stalls mid-file with the batch of lines 126-150 in flight.
    const { path, items } = await itemsFile('killed', 200)
    const stalledBody = '"id":"killed-140"'
    const proxy = await startRecordingProxy(stack.url, (request) =>
      request.body.includes(stalledBody) ? new Promise<Answer>(() => {}) : undefined,
    )
    afterTest(() => proxy.close())
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'import',
        path,
        '--url',
        proxy.url.href,
        '--table',
        TABLE.tableName,
      ],
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
    // The batches after the stalled one (four requests are in flight at once) may be stored
    // already: the point stays before the stalled batch all the same.
    expect(storedWhenKilled.has('killed-140')).toBe(false)
    expect(resumed.code).toBe(0)
    expect(JSON.parse(resumed.stdout)).toEqual(completed(125, items.length))
    expect(await storedItems('killed')).toEqual(byId(items))
  }, 60_000)

  /** The batchWrite requests a proxy passed on, each as the ids it held. */
  const batchWrites = (proxy: { requests: readonly { body: string }[] }) =>
    proxy.requests
      .map((request) => JSON.parse(request.body) as { operation: string; payload?: BatchPayload })
      .filter((envelope) => envelope.operation === 'batchWrite')
      .map((envelope) =>
        (envelope.payload?.RequestItems[TABLE.tableName] ?? []).map(
          (request) => request.PutRequest.Item.id,
        ),
      )

  it('writes 25 lines a batchWrite request, several requests in flight', async () => {
    // Prepare
    const { path, items } = await itemsFile('batched', 60)
    const proxy = await startRecordingProxy(stack.url)
    afterTest(() => proxy.close())

    // Act
    const run = await importInto(proxy.url, path)

    // Assess
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual(completed(0, 60))
    // In flight at once, the requests reach the API in any order.
    expect(
      batchWrites(proxy)
        .map((ids) => ids.length)
        .sort((a, b) => b - a),
    ).toEqual([25, 25, 10])
    expect(batchWrites(proxy).flat().sort()).toEqual(items.map((item) => item.id).sort())
    expect(await storedItems('batched')).toEqual(byId(items))
  })

  it('stores the later of two lines with one key in two batches in flight: the later batch waits', async () => {
    // Prepare: batches of 2, both in flight; the API is slow to answer the first, so the
    // second would be stored first, and then overwritten by the earlier line, if it did not wait.
    const path = join(folder, 'in-flight.jsonl')
    const lines = [
      { id: 'in-flight-1', text: 'first' },
      { id: 'in-flight-2', text: 'other' },
      { id: 'in-flight-1', text: 'second' },
      { id: 'in-flight-3', text: 'last' },
    ]
    await writeFile(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`)
    const direct = await startRecordingProxy(stack.url)
    afterTest(() => direct.close())
    const proxy = await startRecordingProxy(stack.url, (request) =>
      request.body.includes('"text":"first"')
        ? sleep(300).then(async () => {
            const response = await fetch(new URL(request.path, direct.url), {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: request.body,
            })
            return { status: response.status, body: await response.text() }
          })
        : undefined,
    )
    afterTest(() => proxy.close())

    // Act
    const run = await importInto(proxy.url, path, '--batch-size', '2', '--concurrency', '2')

    // Assess
    expect(run.code).toBe(0)
    expect((await storedItems('in-flight')).get('in-flight-1')).toEqual(lines[2])
  })

  it('stores the later of two lines with one key in one batch: a new request starts before the key repeats', async () => {
    // Prepare: lines 1 and 3 are the same item, in one batch of 25; DynamoDB refuses a
    // BatchWriteItem that names a key twice.
    const path = join(folder, 'duplicates.jsonl')
    const lines = [
      { id: 'duplicates-1', text: 'first' },
      { id: 'duplicates-2', text: 'other' },
      { id: 'duplicates-1', text: 'second' },
      { id: 'duplicates-3', text: 'last' },
    ]
    await writeFile(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`)
    const proxy = await startRecordingProxy(stack.url)
    afterTest(() => proxy.close())

    // Act
    const run = await importInto(proxy.url, path)

    // Assess
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual(completed(0, 4))
    expect(batchWrites(proxy)).toEqual([
      ['duplicates-1', 'duplicates-2'],
      ['duplicates-1', 'duplicates-3'],
    ])
    const stored = await storedItems('duplicates')
    expect(stored.get('duplicates-1')).toEqual({ id: 'duplicates-1', text: 'second' })
    expect(stored.size).toBe(3)
  })

  it('sends items left unprocessed again, then stops before one still left, with exit 3 and the hint', async () => {
    // Prepare: 10 lines in one request; the service leaves line 7's item unprocessed every
    // time (as DynamoDB does when the table's capacity is used up) and writes the others.
    const { path, items } = await itemsFile('unprocessed', 10)
    const held = '"id":"unprocessed-7"'
    const proxy = await startRecordingProxy(stack.url, (request) => {
      if (!request.body.includes(held)) return undefined
      const requests =
        (JSON.parse(request.body) as { payload: BatchPayload }).payload.RequestItems[
          TABLE.tableName
        ] ?? []
      const [undone, done] = [
        requests.filter((each) => each.PutRequest.Item.id === 'unprocessed-7'),
        requests.filter((each) => each.PutRequest.Item.id !== 'unprocessed-7'),
      ]
      const written =
        done.length === 0
          ? Promise.resolve()
          : postManager(stack.url, {
              operation: 'batchWrite',
              payload: { RequestItems: { [TABLE.tableName]: done } },
            })
      return written.then(() => ({
        status: 200,
        body: JSON.stringify({ UnprocessedItems: { [TABLE.tableName]: undone } }),
      }))
    })
    afterTest(() => proxy.close())

    // Act
    const stopped = await importInto(proxy.url, path)
    const resumed = await importInto(stack.url, path, ...resumeArgs(stopped.stdout))

    // Assess: sent once and resent 3 times; the lines after it were written, but lie past the point.
    expect(stopped.code).toBe(3)
    expect(batchWrites(proxy).filter((ids) => ids.includes('unprocessed-7'))).toHaveLength(4)
    expect(JSON.parse(stopped.stdout)).toEqual(stoppedAfter(6, 9))
    expect(stopped.stderr).toContain(
      'line 7: not written: the service returned it in UnprocessedItems 4 times',
    )
    expect(stopped.stderr).toContain('Stopped at line 7: resume with --skip 6.')
    expect(resumed.code).toBe(0)
    expect(await storedItems('unprocessed')).toEqual(byId(items))
  })

  it('refuses only the line at fault when the API refuses its request: the rest of it is stored', async () => {
    // Prepare: line 2 has no key attribute, so the API refuses the request that holds it.
    const path = join(folder, 'refused.jsonl')
    await writeFile(path, '{"id": "refused-1"}\n{"name": "no key"}\n{"id": "refused-3"}\n')

    // Act
    const run = await importInto(stack.url, path)

    // Assess
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toEqual({ imported: 2, failed: 1, skipped: 0, lastLine: 3 })
    expect(run.stderr).toMatch(/^line 2: \w+ \(HTTP 400\): /m)
    expect([...(await storedItems('refused')).keys()].sort()).toEqual(['refused-1', 'refused-3'])
  })

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

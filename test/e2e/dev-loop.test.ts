import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type DevLoopCopy,
  PING_LINE,
  pingAnswer,
  startDevLoopCopy,
  waitForPing,
  withPing,
} from '../support/dev-loop-copy.js'
import { postManager, request } from '../support/local-stack-process.js'

const OPERATIONS = 'src/core/operations.ts'
const BROKEN = /Not reloaded: src\/ does not compile; the last good handler still serves\./g

/** Waits until the process has printed `pattern`, or rejects after `timeoutMs`. */
async function waitForOutput(copy: DevLoopCopy, pattern: RegExp, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs
  while (!pattern.test(copy.stack.output())) {
    if (performance.now() > deadline) throw new Error(`no ${pattern} in:\n${copy.stack.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const countOf = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

// One process through the steps in order, as a developer saves a file again and again.
describe('npm run dev, in a copy of the project whose handler changes', () => {
  let copy: DevLoopCopy
  let original: string

  beforeAll(async () => {
    // In memory: were the engine restarted, the item written first would be gone.
    copy = await startDevLoopCopy({ DATA_DIR: ':memory:' })
    original = await copy.readFile(OPERATIONS)
    await postManager(copy.stack.url, { operation: 'create', payload: { Item: { id: 'kept' } } })
  })

  afterAll(async () => {
    await copy?.remove()
  })

  it('says in its banner that it watches src/', () => {
    expect(copy.stack.output()).toContain('Watching src/: a saved change reloads the handler')
  })

  it('serves a change to a handler file within a second, the engine and its data kept', async () => {
    // Act
    const saved = performance.now()
    await copy.writeFile(OPERATIONS, withPing(original, 'pong-1'))
    const servedAfter = await waitForPing(copy.stack, 'pong-1', saved)
    const kept = await postManager(copy.stack.url, {
      operation: 'read',
      payload: { Key: { id: 'kept' } },
    })
    const page = await request(new URL('/', copy.stack.url))

    // Assess
    console.log(`the change was served ${Math.round(servedAfter)} ms after the save`)
    expect(servedAfter).toBeLessThan(1000)
    expect(kept).toMatchObject({ status: 200, json: { Item: { id: 'kept' } } })
    expect(page.status).toBe(200)
    expect(copy.stack.output()).toMatch(
      /Reloaded the handler \(src\/core\/operations\.ts\) in \d+ ms/,
    )
  })

  it('keeps the last good code serving when a change does not compile, and prints the error once', async () => {
    // Act: a syntax error, then a second save of the broken file (as an editor autosaves).
    const broken = original.replace(PING_LINE, "ping: async () => 'pong-1'(,")
    await copy.writeFile(OPERATIONS, broken)
    await waitForOutput(copy, BROKEN)
    const whileBroken = await pingAnswer(copy.stack)
    await copy.writeFile(OPERATIONS, `${broken}\n// saved again\n`)
    await new Promise((resolve) => setTimeout(resolve, 500))

    // Assess
    const output = copy.stack.output()
    expect(whileBroken).toBe('pong-1')
    expect(await pingAnswer(copy.stack)).toBe('pong-1')
    expect(countOf(output, BROKEN)).toBe(1)
    expect(output).toMatch(/src\/core\/operations\.ts:\d+:\d+/)
  })

  it('serves the fixed file, with the data still there', async () => {
    // Act
    const saved = performance.now()
    await copy.writeFile(OPERATIONS, withPing(original, 'pong-2'))
    await waitForPing(copy.stack, 'pong-2', saved)
    const kept = await postManager(copy.stack.url, {
      operation: 'read',
      payload: { Key: { id: 'kept' } },
    })

    // Assess
    expect(kept.status).toBe(200)
  })

  it('keeps the last good code serving when the new code throws as it loads', async () => {
    // Act: it compiles, but fails when the module is evaluated.
    await copy.writeFile(
      OPERATIONS,
      `${withPing(original, 'pong-3')}\nthrow new Error('thrown while loading')\n`,
    )
    await waitForOutput(copy, /thrown while loading/)

    // Assess
    expect(copy.stack.output()).toContain(
      'Not reloaded: the new handler failed to load; the last good one still serves.',
    )
    expect(await pingAnswer(copy.stack)).toBe('pong-2')
  })

  it('says that a change to the dev server itself needs a restart', async () => {
    // Act
    const gateway = await copy.readFile('src/local/gateway.ts')
    await copy.writeFile('src/local/gateway.ts', `${gateway}\n// changed\n`)

    // Assess
    await waitForOutput(
      copy,
      /src\/local\/gateway\.ts is part of the dev server.*restart npm run dev/,
    )
    expect(await pingAnswer(copy.stack)).toBe('pong-2')
  })
})

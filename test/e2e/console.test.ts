import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiKeyAuth, createClient, DynamoDBManagerError } from '../../src/client/index.js'
import { collectPageProblems, launchChromium, type RunningBrowser } from '../support/browser.js'
import { type LocalStackProcess, startLocalStackProcess } from '../support/local-stack-process.js'

const SCREENSHOTS = new URL('../../test-results/console/', import.meta.url).pathname

/** The console at a desktop's width and at a phone's: the same journey on both. */
const viewports = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

describe.each(viewports)('the browser console at $name width', ({ name, width, height }) => {
  let stack: LocalStackProcess
  let chromium: RunningBrowser
  let page: Page
  let client: ReturnType<typeof createClient>
  const problems: string[] = []
  const seeded = Array.from(
    { length: 23 },
    (_, index) => `${name}-seed-${String(index).padStart(2, '0')}`,
  )
  let step = 0

  const screenshot = async (what: string) => {
    step++
    await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${String(step).padStart(2, '0')}-${what}.png`),
      fullPage: true,
    })
  }

  const typeInEditor = async (text: string) => {
    await page.locator('#json-editor .cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(text)
  }

  /** The editor's error marks: each one's text and offset in the (one-line) document. */
  const editorMarks = () =>
    page.locator('#json-editor').evaluate((editor) => {
      const content = editor.querySelector('.cm-content')
      return [...editor.querySelectorAll('.cm-lintRange-error, .cm-lintPoint-error')].map(
        (mark) => {
          const before = editor.ownerDocument.createRange()
          if (content !== null) before.setStart(content, 0)
          before.setEndBefore(mark)
          return { offset: before.toString().length, text: mark.textContent }
        },
      )
    })

  const firstColumn = () => page.locator('#items tbody tr td:first-child').allTextContents()

  /** Waits until every row's key starts with `prefix` (and there is a row). */
  const rowsStartingWith = (prefix: string) =>
    expect
      .poll(
        async () => {
          const keys = await firstColumn()
          return keys.length > 0 && keys.every((key) => key.startsWith(prefix))
        },
        { timeout: 5_000 },
      )
      .toBe(true)

  const rowCountIs = (count: number) =>
    expect.poll(() => page.locator('#items tbody tr').count(), { timeout: 5_000 }).toBe(count)

  const fillFilter = async (fields: {
    mode?: 'Scan' | 'Query'
    partition?: string
    filter?: string
    values?: string
    limit?: string
  }) => {
    if (fields.mode) await page.getByLabel(fields.mode, { exact: true }).check()
    if (fields.partition !== undefined)
      await page.getByLabel('Partition key').fill(fields.partition)
    if (fields.filter !== undefined) await page.getByLabel('Filter expression').fill(fields.filter)
    if (fields.values !== undefined)
      await page.getByLabel('Expression attribute values (JSON)').fill(fields.values)
    if (fields.limit !== undefined)
      await page.getByLabel('Items per page').selectOption(fields.limit)
    await page.getByRole('button', { name: 'Run' }).click()
  }

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true })
    // This viewport's screenshots of an earlier run go: the folder shows this run only.
    for (const file of await readdir(SCREENSHOTS))
      if (file.startsWith(`${name}-`)) await rm(join(SCREENSHOTS, file))
    stack = await startLocalStackProcess()
    client = createClient({ url: stack.url })
    await Promise.all(
      seeded.map((id, index) => client.create({ Item: { id, index, name: `Name ${index}` } })),
    )
    chromium = await launchChromium()
    page = await chromium.context.newPage()
    await page.setViewportSize({ width, height })
    collectPageProblems(page, problems)
  })

  afterAll(async () => {
    // The stack is stopped even when closing the browser fails.
    try {
      await chromium?.close()
    } finally {
      await stack?.stop('SIGKILL')
    }
  })

  it('opens on the first page of the table', async () => {
    // Act
    await page.goto(new URL('/', stack.url).href)
    await page.locator('[aria-busy="false"]').waitFor()

    // Assess
    expect(await page.title()).toBe('Items · DynamoDB Manager')
    expect(await page.getByLabel('Table name').inputValue()).toBe('lambda-apigateway')
    expect((await firstColumn()).length).toBe(23)
    await screenshot('first-page')
  })

  it('creates an item in the JSON editor, every digit kept', async () => {
    // Act
    await page.getByRole('button', { name: 'Create item' }).click()
    await typeInEditor(`{"id": "${name}-new", "name": "Bob", "big": 12345678901234567890}`)
    await screenshot('create-editor')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved the item' }).waitFor()

    // Assess
    const { Item } = await client.read({ Key: { id: `${name}-new` } })
    expect(String(Item.big)).toBe('12345678901234567890')
    expect(await page.locator('#editor').isVisible()).toBe(false)
    await screenshot('created')
  })

  it('says in words why an API call failed', async () => {
    // Act: a key that exists (409), then a filter DynamoDB refuses (400).
    await page.getByRole('button', { name: 'Create item' }).click()
    await typeInEditor(`{"id": "${name}-new"}`)
    await page.getByRole('button', { name: 'Save' }).click()
    const conflict = page.locator('#editor-alert')
    await conflict.waitFor()
    const conflictText = await conflict.textContent()
    await screenshot('error-item-exists')
    await page.getByRole('button', { name: 'Cancel' }).click()
    await fillFilter({ filter: 'this is not an expression' })
    const refused = page.locator('#alert')
    await refused.waitFor()
    const refusedText = await refused.textContent()
    await screenshot('error-bad-filter')

    // Assess
    expect(conflictText).toContain('Could not save the item.')
    expect(conflictText).toContain(`An item with the key {"id":"${name}-new"} already exists.`)
    expect(conflictText).toMatch(/ConditionalCheckFailed · HTTP 409 · request id [0-9a-f-]{36}/)
    expect(refusedText).toContain('Could not scan the table.')
    expect(refusedText).toContain('DynamoDB refused the request')
    expect(refusedText).toMatch(/ValidationError · HTTP 400/)
  })

  it('marks a JSON error where the parser finds it, and drops the mark once the JSON is valid', async () => {
    // Prepare
    await page.goto(new URL('/', stack.url).href)
    await page.locator('[aria-busy="false"]').waitFor()
    await page.getByRole('button', { name: 'Create item' }).click()
    const text = `{"id": "${name}-bad", "name": nope}`

    // Act
    await typeInEditor(text)
    await expect.poll(editorMarks, { timeout: 5_000 }).not.toEqual([])
    const marked = await editorMarks()
    await screenshot('editor-json-error')
    await typeInEditor(`{"id": "${name}-bad", "name": "nope"}`)
    await expect.poll(editorMarks, { timeout: 5_000 }).toEqual([])

    // Assess
    expect(marked).toEqual([{ offset: text.indexOf('nope'), text: 'n' }])
  })

  it('opens an item with no mark left from the text before', async () => {
    // Prepare: an error marked in the editor, then the editor closed on it.
    await typeInEditor('{"id": oops}')
    await expect.poll(editorMarks, { timeout: 5_000 }).not.toEqual([])
    await page.getByRole('button', { name: 'Cancel' }).click()

    // Act
    await page.getByRole('button', { name: `${name}-seed-00` }).click()
    const atOnce = await editorMarks()
    await page.waitForTimeout(1_000)

    // Assess
    expect(atOnce).toEqual([])
    expect(await editorMarks()).toEqual([])
    await page.getByRole('button', { name: 'Cancel' }).click()
  })

  it('edits an item found by a query, the JSON editor showing its exact numbers', async () => {
    // Prepare
    await page.getByRole('button', { name: 'Reset' }).click()
    await fillFilter({ mode: 'Query', partition: `${name}-new` })
    await rowsStartingWith(`${name}-new`)

    // Act
    await page.getByRole('button', { name: `${name}-new` }).click()
    const shown = await page.locator('#json-editor .cm-content').textContent()
    await typeInEditor(`{"id": "${name}-new", "name": "Alice", "big": 12345678901234567890}`)
    await screenshot('edit-editor')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved the item' }).waitFor()
    await page.getByRole('cell', { name: 'Alice' }).waitFor()

    // Assess
    expect(shown).toContain('12345678901234567890')
    expect((await client.read({ Key: { id: `${name}-new` } })).Item.name).toBe('Alice')
    expect(await firstColumn()).toEqual([`${name}-new`])
    await screenshot('edited')
  })

  it('pages through the table, next and back', async () => {
    // Prepare
    await page.getByRole('button', { name: 'Reset' }).click()
    await fillFilter({ mode: 'Scan', limit: '10' })
    await rowCountIs(10)
    const first = await firstColumn()

    // Act
    await page.getByRole('button', { name: 'Next page ›' }).click()
    await page.getByText('Page 2', { exact: true }).waitFor()
    const second = await firstColumn()
    await screenshot('page-2')
    await page.getByRole('button', { name: '‹ Previous page' }).click()
    await page.getByText('Page 1', { exact: true }).waitFor()

    // Assess
    expect(first).toHaveLength(10)
    expect(second).toHaveLength(10)
    expect(second.filter((key) => first.includes(key))).toEqual([])
    expect(await firstColumn()).toEqual(first)
  })

  it('filters a scan', async () => {
    // Act
    await fillFilter({
      filter: 'begins_with(id, :p)',
      values: `{":p": "${name}-seed-1"}`,
      limit: '100',
    })
    await rowsStartingWith(`${name}-seed-1`)

    // Assess
    expect((await firstColumn()).sort()).toEqual(
      seeded.filter((id) => id.startsWith(`${name}-seed-1`)),
    )
    await screenshot('scan-filter')
  })

  it('deletes an item after asking', async () => {
    // Prepare
    await page.getByRole('button', { name: `${name}-seed-10` }).click()

    // Act
    await page.getByRole('button', { name: 'Delete item' }).click()
    await page.locator('#confirm').waitFor()
    await screenshot('delete-confirm')
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'Deleted the item' }).waitFor()

    // Assess
    const gone = await client
      .read({ Key: { id: `${name}-seed-10` } })
      .catch((error: unknown) => error)
    expect(gone).toBeInstanceOf(DynamoDBManagerError)
    expect(gone).toMatchObject({ code: 'ItemNotFound' })
    expect(await firstColumn()).not.toContain(`${name}-seed-10`)
    await screenshot('deleted')
  })

  it('fits the screen: only the table scrolls sideways', async () => {
    // Runs in the page, whose globals this project's (Node) types do not describe.
    const overflow = await page.evaluate(() => {
      const { document, innerWidth } = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number } }
        innerWidth: number
      }
      return document.documentElement.scrollWidth - innerWidth
    })
    expect(overflow).toBeLessThanOrEqual(0)
  })

  it('serves the interactive API reference from the OpenAPI document', async () => {
    // Act
    await page.goto(new URL('/docs', stack.url).href)
    await page.getByText('/Prod/DynamoDBManager').first().waitFor()
    await screenshot('api-reference')

    // Assess
    expect(
      await page.getByRole('heading', { name: /DynamoDBManager API/ }).count(),
    ).toBeGreaterThan(0)
    expect(await page.getByText('/Prod/health').count()).toBeGreaterThan(0)
  })

  it('names the request schema and its variants by operation in the API reference', async () => {
    // Prepare
    await page.goto(new URL('/docs', stack.url).href)
    const models = page.locator('.models')
    const request = models.locator('.json-schema-2020-12', { hasText: 'DynamoDBManagerRequest' })
    const operations =
      '(create | read | update | delete | list | query | batchRead | batchWrite | echo | ping | tables)'

    // Act
    await models.getByText('DynamoDBManagerRequest', { exact: true }).click()
    await request.getByText('One of', { exact: true }).click()
    const members = request.getByText(/^#\d+\b/)
    await members.first().waitFor()
    await screenshot('api-reference-request-variants')

    // Assess
    const typeLine = request.first().locator('.json-schema-2020-12__attribute--primary').first()
    expect(await typeLine.textContent()).toBe(operations)
    expect(await models.getByText(/\bany \| any\b|\bobject \| object\b/).count()).toBe(0)
    expect((await members.allTextContents()).map((text) => text.trim())).toEqual(
      [
        'Create',
        'Read',
        'Update',
        'Delete',
        'List',
        'Query',
        'BatchRead',
        'BatchWrite',
        'Echo',
        'Ping',
        'Tables',
      ].map((title, index) => `#${index} ${title}`),
    )
  })

  it('loads everything from this server, with no error and no policy violation', () => {
    expect(problems).toEqual([])
  })
})

describe('the browser console in front of an API key (API_KEY)', () => {
  const apiKey = 'console-key-0123456789-abcdef'
  let stack: LocalStackProcess
  let chromium: RunningBrowser

  beforeAll(async () => {
    stack = await startLocalStackProcess({ env: { API_KEY: apiKey } })
    await createClient({ url: stack.url, signer: apiKeyAuth(apiKey) }).create({
      Item: { id: 'behind-key' },
    })
    chromium = await launchChromium()
  })

  afterAll(async () => {
    // The stack is stopped even when closing the browser fails.
    try {
      await chromium?.close()
    } finally {
      await stack?.stop('SIGKILL')
    }
  })

  /** A fresh tab on the console, counting the API calls it makes. */
  async function openConsole() {
    const page = await chromium.context.newPage()
    const apiCalls: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/DynamoDBManager')) apiCalls.push(request.url())
    })
    await page.goto(new URL('/', stack.url).href)
    return { page, apiCalls }
  }

  const keysOnPage = (page: Page) =>
    expect.poll(() => page.locator('#items tbody tr td:first-child').allTextContents(), {
      timeout: 5_000,
    })

  it('asks for the key before its first call, with no error', async () => {
    // Act
    const { page, apiCalls } = await openConsole()
    const prompt = page.getByText('enter it and choose Open')
    await prompt.waitFor()
    await page.screenshot({ path: join(SCREENSHOTS, 'api-key-01-asked.png'), fullPage: true })

    // Assess
    expect(await page.getByRole('alert').isVisible()).toBe(false)
    expect(await page.getByLabel('API key').isVisible()).toBe(true)
    expect(await page.getByLabel('API key').evaluate((field) => field.matches(':focus'))).toBe(true)
    expect(apiCalls).toEqual([])
    await page.close()
  })

  it('reads the table with the key, and keeps it for the tab', async () => {
    // Prepare
    const { page } = await openConsole()

    // Act
    await page.getByLabel('API key').fill(apiKey)
    await page.getByRole('button', { name: 'Open' }).click()
    await keysOnPage(page).toEqual(['behind-key'])
    await page.screenshot({
      path: join(SCREENSHOTS, 'api-key-02-read-with-key.png'),
      fullPage: true,
    })
    await page.reload()

    // Assess
    await keysOnPage(page).toEqual(['behind-key'])
    expect(await page.getByText('enter it and choose Open').isVisible()).toBe(false)
    await page.close()
  })

  it('says plainly that a wrong key was refused, and asks again', async () => {
    // Prepare
    const { page } = await openConsole()

    // Act
    await page.getByLabel('API key').fill('not-the-key-0123456789')
    await page.getByRole('button', { name: 'Open' }).click()
    const refusal = page.getByRole('alert')
    await refusal.waitFor()
    await page.screenshot({ path: join(SCREENSHOTS, 'api-key-03-wrong-key.png'), fullPage: true })

    // Assess
    expect(await refusal.textContent()).toMatch(/refused the API key/)
    expect(await refusal.textContent()).toMatch(/Forbidden · HTTP 403/)
    expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('API key').evaluate((field) => field.matches(':focus'))).toBe(true)
    await page.close()
  })
})

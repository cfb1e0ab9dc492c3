import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../src/client/index.js'
import { TABLE } from '../../src/table/definition.js'
import { collectPageProblems, launchChromium, type RunningBrowser } from '../support/browser.js'
import { type LocalStackProcess, startLocalStackProcess } from '../support/local-stack-process.js'

const SCREENSHOTS = new URL('../../test-results/console/', import.meta.url).pathname
const EXAMPLE = new URL('../../examples/tables.json', import.meta.url)

const ORDERS = [
  { pk: 'c1', sk: 'o1', status: 'open', createdAt: 1, total: 10 },
  { pk: 'c1', sk: 'o2', status: 'shipped', createdAt: 2, total: 30 },
  { pk: 'c1', sk: 'o3', status: 'open', createdAt: 3, total: 20 },
  { pk: 'c2', sk: 'o4', status: 'open', createdAt: 4, total: 5 },
]

describe('the browser console on declared tables (TABLES_FILE)', () => {
  let folder: string
  let stack: LocalStackProcess
  let chromium: RunningBrowser
  let page: Page
  const problems: string[] = []

  /** The values of a column of the items shown, by its heading. */
  async function column(heading: string): Promise<string[]> {
    const headings = await page.locator('#items thead th').allTextContents()
    const at = headings.indexOf(heading)
    if (at < 0) return []
    return page.locator(`#items tbody tr td:nth-child(${at + 1})`).allTextContents()
  }

  const columnIs = (heading: string, values: string[]) =>
    expect.poll(() => column(heading), { timeout: 5_000 }).toEqual(values)

  const headings = () => page.locator('#items thead th').allTextContents()

  const run = () => page.getByRole('button', { name: 'Run' }).click()

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true })
    folder = await mkdtemp(join(tmpdir(), 'serverless-lab-tables-'))
    // The lab's table first, so that it is the default; then the example table.
    const example = JSON.parse(await readFile(EXAMPLE, 'utf8')) as { tables: unknown[] }
    const file = join(folder, 'tables.json')
    const lab = { name: TABLE.tableName, partitionKey: TABLE.partitionKey }
    await writeFile(file, JSON.stringify({ tables: [lab, ...example.tables] }))
    // The stack creates both, the indexes included.
    stack = await startLocalStackProcess({ env: { TABLES_FILE: file } })
    const client = createClient({ url: stack.url })
    await Promise.all(ORDERS.map((Item) => client.create({ Item }, { tableName: 'orders' })))
    await client.create({ Item: { id: 'lab-1' } })
    chromium = await launchChromium()
    page = await chromium.context.newPage()
    collectPageProblems(page, problems)
  })

  afterAll(async () => {
    // Each is stopped even when another fails to; the first failure is still reported.
    const stopped = await Promise.allSettled([
      chromium?.close(),
      stack?.stop('SIGKILL'),
      folder === undefined ? undefined : rm(folder, { recursive: true, force: true }),
    ])
    const failed = stopped.find((each) => each.status === 'rejected')
    if (failed !== undefined) throw failed.reason
  })

  it('offers the declared tables, the default first and open', async () => {
    // Act
    await page.goto(new URL('/', stack.url).href)
    await page.locator('[aria-busy="false"]').waitFor()

    // Assess
    const picker = page.getByLabel('Table name')
    expect(await picker.locator('option').allTextContents()).toEqual([
      'lambda-apigateway (default)',
      'orders',
    ])
    expect(await picker.inputValue()).toBe('lambda-apigateway')
    expect(await page.locator('#table-summary').textContent()).toBe('Key: id (S) · Indexes: none')
    await columnIs('id', ['lab-1'])
  })

  it("takes the chosen table's key attributes from its declaration", async () => {
    // Act
    await page.getByLabel('Table name').selectOption('orders')
    // A scan's order is the partitions' hash order: the set is what counts.
    await expect
      .poll(async () => (await column('sk')).sort(), { timeout: 5_000 })
      .toEqual(['o1', 'o2', 'o3', 'o4'])
    const shownHeadings = await headings()
    await page.getByRole('button', { name: 'Create item' }).click()
    const template = await page.locator('#json-editor .cm-content').textContent()
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.screenshot({ path: join(SCREENSHOTS, 'tables-01-orders.png'), fullPage: true })

    // Assess
    expect(await page.locator('#table-summary').textContent()).toBe(
      'Key: pk (S), sk (S) · Indexes: byStatus (global), byTotal (local) · TTL: expiresAt',
    )
    expect(shownHeadings.slice(0, 2)).toEqual(['pk', 'sk'])
    expect(JSON.parse(template ?? '')).toEqual({ pk: '', sk: '' })
    expect(await page.getByLabel('Index').locator('option').allTextContents()).toEqual([
      'orders (table): pk, sk',
      'byStatus (global): status, createdAt',
      'byTotal (local): pk, total',
    ])
  })

  it('queries the table on its own keys: the partition, and a condition on the sort key', async () => {
    // Act
    await page.getByLabel('Query', { exact: true }).check()
    await page.getByLabel('Partition key').fill('c1')
    await page.locator('[name=sortOperator]').selectOption('>=')
    await page.getByLabel('Sort key value').fill('o2')
    await run()

    // Assess
    await columnIs('sk', ['o2', 'o3'])
    expect(await page.getByRole('status').textContent()).toMatch(/^Query of orders: 2 items/)
  })

  it('queries a global index on its keys, the index named in the request', async () => {
    // Prepare
    const sent: unknown[] = []
    page.on('request', (request) => {
      if (request.url().includes('/DynamoDBManager')) sent.push(request.postDataJSON())
    })

    // Act
    await page.getByLabel('Index').selectOption('byStatus')
    const partitionLabel = await page.locator('#partition-key-label').textContent()
    await page.getByLabel('Partition key').fill('open')
    await page.locator('[name=sortOperator]').selectOption('between')
    await page.getByLabel('Sort key value').fill('1')
    await page.getByLabel('and', { exact: true }).fill('3')
    await run()
    await columnIs('sk', ['o1', 'o3'])
    await page.screenshot({ path: join(SCREENSHOTS, 'tables-02-global-index.png'), fullPage: true })

    // Assess
    expect(partitionLabel).toBe('Partition key status (S) =')
    expect((await headings()).slice(0, 4)).toEqual(['pk', 'sk', 'status', 'createdAt'])
    expect(await page.getByRole('status').textContent()).toMatch(
      /^Query of orders, index byStatus: 2 items/,
    )
    expect(sent.at(-1)).toMatchObject({
      operation: 'query',
      tableName: 'orders',
      payload: {
        IndexName: 'byStatus',
        KeyConditionExpression:
          '#keyPartition = :keyPartition AND #keySort BETWEEN :keySort AND :keySortTo',
        ExpressionAttributeNames: { '#keyPartition': 'status', '#keySort': 'createdAt' },
        ExpressionAttributeValues: {
          ':keyPartition': 'open',
          ':keySort': { $N: '1' },
          ':keySortTo': { $N: '3' },
        },
      },
    })
  })

  it("queries a local index on the table's partition key and the index's sort key", async () => {
    // Act
    await page.getByLabel('Index').selectOption('byTotal')
    await page.getByLabel('Partition key').fill('c1')
    await page.locator('[name=sortOperator]').selectOption('>')
    await page.getByLabel('Sort key value').fill('15')
    await run()

    // Assess: in the index's order, by total.
    await columnIs('sk', ['o3', 'o2'])
    expect(await column('total')).toEqual(['20', '30'])
  })

  it('opens an item read through a keys-only index whole, for the editor to save it whole', async () => {
    // Prepare: the local index projects the keys only.
    expect(await column('status')).toEqual([])

    // Act
    await page.locator('#items tbody tr').first().getByRole('button').click()
    await page.locator('#editor').waitFor()
    const shown = await page.locator('#json-editor .cm-content').textContent()
    await page.getByRole('button', { name: 'Cancel' }).click()

    // Assess
    expect(JSON.parse(shown ?? '')).toEqual(ORDERS[2])
  })

  it('says what is wrong with a key value before sending it', async () => {
    // Act
    await page.getByLabel('Sort key value').fill('lots')
    await run()
    const alert = page.locator('#alert')
    await alert.waitFor()

    // Assess
    expect(await alert.textContent()).toContain(
      'total is a Number key: "lots" is not a number, e.g. 42 or 3.5.',
    )
  })

  it('names the open table in the address, so that a reload or a shared link opens it', async () => {
    // Prepare: orders is open, from the tests above.
    const named = new URL(page.url()).searchParams.get('table')

    // Act
    await page.reload()
    await page.locator('[aria-busy="false"]').waitFor()
    const reopened = await page.getByLabel('Table name').inputValue()
    const summary = await page.locator('#table-summary').textContent()
    await expect
      .poll(async () => (await column('sk')).sort(), { timeout: 5_000 })
      .toEqual(['o1', 'o2', 'o3', 'o4'])
    await page.getByLabel('Table name').selectOption(TABLE.tableName)
    const defaultAddress = new URL(page.url()).search
    await page.goto(new URL('/?table=no-such-table', stack.url).href)
    await page.locator('[aria-busy="false"]').waitFor()

    // Assess
    expect(named).toBe('orders')
    expect(reopened).toBe('orders')
    expect(summary).toMatch(/^Key: pk \(S\), sk \(S\)/)
    expect(defaultAddress).toBe('')
    expect(await page.getByLabel('Table name').inputValue()).toBe(TABLE.tableName)
    expect(new URL(page.url()).search).toBe('')
    await columnIs('id', ['lab-1'])
  })

  it('loads everything from this server, with no error and no policy violation', () => {
    expect(problems).toEqual([])
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { tablesText } from '../../src/cli/commands/tables.js'
import type { TablesResult } from '../../src/client/api-types.js'
import { runCliInProcess } from '../support/cli-io.js'

/** The example tables file, then the lab's table: what `tables` answers for them. */
const ORDERS = (
  JSON.parse(readFileSync(new URL('../../examples/tables.json', import.meta.url), 'utf8')) as {
    tables: TablesResult['Tables']
  }
).tables[0] as TablesResult['Tables'][number]
const ANSWER: TablesResult = {
  Tables: [ORDERS, { name: 'lambda-apigateway', partitionKey: { name: 'id', type: 'S' } }],
  DefaultTable: 'orders',
}

/** Answers every request with ANSWER, keeping the bodies sent. */
function stubTablesApi(): string[] {
  const bodies: string[] = []
  vi.stubGlobal('fetch', async (_input: URL | string, init: RequestInit = {}) => {
    bodies.push(String(init.body))
    return new Response(JSON.stringify(ANSWER), {
      headers: { 'content-type': 'application/json' },
    })
  })
  onTestFinished(() => {
    vi.unstubAllGlobals()
  })
  return bodies
}

const URL_FLAG = ['--url', 'http://127.0.0.1:3000']

describe('serverless-lab tables', () => {
  it('prints each table, its key and its indexes as a table to read', async () => {
    // Prepare
    const bodies = stubTablesApi()

    // Act
    const run = await runCliInProcess(['tables', ...URL_FLAG], {
      env: { SERVERLESS_LAB_TABLE: 'lambda-apigateway' },
    })

    // Assess
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'TABLE              INDEX              PARTITION KEY  SORT KEY       PROJECTION  TTL',
        'orders (default)   (table)            pk (S)         sk (S)                     expiresAt',
        '                   byStatus (global)  status (S)     createdAt (N)  ALL',
        '                   byTotal (local)    pk (S)         total (N)      KEYS_ONLY',
        'lambda-apigateway  (table)            id (S)',
        '',
      ].join('\n'),
    })
    // The table of other commands is no tableName here: `tables` takes none.
    expect(bodies.map((body) => JSON.parse(body))).toEqual([{ operation: 'tables' }])
  })

  it('prints the answer as JSON with --json, one table with --table', async () => {
    // Prepare
    stubTablesApi()

    // Act
    const run = await runCliInProcess(['tables', '--json', '--table', 'orders', ...URL_FLAG])

    // Assess
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ Tables: [ORDERS], DefaultTable: 'orders' })
  })

  it('names the tables the API serves when --table names another', async () => {
    // Prepare
    stubTablesApi()

    // Act
    const run = await runCliInProcess(['tables', '--table', 'nope', ...URL_FLAG])

    // Assess
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.split('\n')[0]).toBe(
      'serverless-lab: --table "nope" is not a table the API serves; it serves orders, lambda-apigateway.',
    )
  })

  it('writes an INCLUDE projection with its attributes, and leaves out columns nothing uses', () => {
    // Act
    const text = tablesText({
      Tables: [
        {
          name: 'books',
          partitionKey: { name: 'isbn', type: 'S' },
          globalIndexes: [
            {
              name: 'byAuthor',
              partitionKey: { name: 'author', type: 'S' },
              projection: { include: ['title', 'year'] },
            },
          ],
        },
      ],
      DefaultTable: 'books',
    })

    // Assess
    expect(text).toBe(
      [
        'TABLE            INDEX              PARTITION KEY  PROJECTION',
        'books (default)  (table)            isbn (S)',
        '                 byAuthor (global)  author (S)     INCLUDE title, year',
        '',
      ].join('\n'),
    )
  })
})

import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../src/client/index.js'
import { runCliInProcess } from '../support/cli-io.js'
import {
  type LocalStackProcess,
  postManager,
  startLocalStackProcess,
} from '../support/local-stack-process.js'

/** The tables file the issue gives as its example: one table, a sort key, a GSI and an LSI. */
const TABLES_FILE = new URL('../../examples/tables.json', import.meta.url).pathname

describe('tables, over HTTP against npm start with a tables file', () => {
  let stack: LocalStackProcess
  let declared: { tables: unknown[] }

  beforeAll(async () => {
    declared = JSON.parse(await readFile(TABLES_FILE, 'utf8')) as { tables: unknown[] }
    stack = await startLocalStackProcess({ env: { TABLES_FILE } })
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
  })

  it('answers the declared tables in the file shape, with the default named', async () => {
    // Act
    const answer = await postManager(stack.url, { operation: 'tables' })

    // Assess
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ Tables: declared.tables, DefaultTable: 'orders' })
  })

  it('answers the same to the typed client, even one with a default table of its own', async () => {
    // Act
    const answer = await createClient({ url: stack.url, tableName: 'orders' }).tables()

    // Assess
    expect(answer).toEqual({ Tables: declared.tables, DefaultTable: 'orders' })
  })

  it('refuses a tableName with a 400 that says tables takes none', async () => {
    // Act
    const answer = await postManager(stack.url, { operation: 'tables', tableName: 'orders' })

    // Assess
    expect(answer.status).toBe(400)
    expect(answer.json).toMatchObject({
      code: 'InvalidRequest',
      message: 'operation "tables" answers every declared table and takes no tableName; remove it.',
    })
  })

  it('is what the CLI lists', async () => {
    // Act
    const run = await runCliInProcess(['tables', '--url', stack.url.href])

    // Assess
    expect(run.code).toBe(0)
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'TABLE             INDEX              PARTITION KEY  SORT KEY       PROJECTION  TTL',
      'orders (default)  (table)            pk (S)         sk (S)                     expiresAt',
      '                  byStatus (global)  status (S)     createdAt (N)  ALL',
      '                  byTotal (local)    pk (S)         total (N)      KEYS_ONLY',
    ])
  })
})

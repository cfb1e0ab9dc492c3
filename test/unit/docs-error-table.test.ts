import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_TABLE, type ErrorCode, errorCodes } from '../../src/core/error-table.js'
import { type MarkdownTable, tablesOf } from '../support/markdown.js'

/**
 * docs/api.md's status table is written for people, the error table (src/core/error-table.ts)
 * for the code; this test keeps them saying the same. The docs' table has one row per code:
 * `| status | code | when | may succeed if sent again |`, the code in backticks.
 */

const API_PAGE = new URL('../../docs/api.md', import.meta.url)
const RETRY_COLUMN = 'may succeed if sent again'

interface StatusRow {
  readonly status: number
  /** The codes in backticks in the row's code cell. */
  readonly codes: readonly string[]
  /** The whole row as written, to look for words in. */
  readonly text: string
  readonly retry: string
}

/** The status tables of a page: those whose header starts with `status | code`. */
function statusTablesOf(text: string): MarkdownTable[] {
  return tablesOf(text).filter(({ header }) => header[0] === 'status' && header[1] === 'code')
}

function rowsOf({ header, rows }: MarkdownTable): StatusRow[] {
  const retryAt = header.indexOf(RETRY_COLUMN)
  return rows.map((cells) => ({
    status: Number(cells[0]),
    codes: [...(cells[1] ?? '').matchAll(/`([^`]+)`/g)].map(([, code]) => code ?? ''),
    text: cells.join(' | '),
    retry: cells[retryAt] ?? '',
  }))
}

const statusTables = statusTablesOf(readFileSync(API_PAGE, 'utf8'))
const rows = statusTables.flatMap(rowsOf)
const rowsWith = (code: ErrorCode) => rows.filter((row) => row.codes.includes(code))

describe("docs/api.md's status table against the error table", () => {
  it('is one table, with the column that says whether a request may be retried', () => {
    expect(statusTables).toHaveLength(1)
    expect(statusTables[0]?.header).toContain(RETRY_COLUMN)
  })

  it('has a status and only known codes in every row', () => {
    // Prepare
    const known: ReadonlySet<string> = new Set(errorCodes)

    // Act
    const malformed = rows.filter(
      ({ status, codes }) =>
        !Number.isInteger(status) || codes.length === 0 || codes.some((code) => !known.has(code)),
    )

    // Assess
    expect(malformed).toEqual([])
  })

  it.each(errorCodes)('lists %s in exactly one row, under its status', (code) => {
    expect(rowsWith(code).map((row) => row.status)).toEqual([ERROR_TABLE[code].status])
  })

  it.each(errorCodes)(
    'says Retry-After in the row of %s exactly when its answers carry it',
    (code) => {
      const [row] = rowsWith(code)
      expect(row?.text.includes('Retry-After')).toBe(ERROR_TABLE[code].retryAfter)
    },
  )

  it.each(errorCodes)(
    'says whether %s may succeed if sent again as the error table does',
    (code) => {
      const [row] = rowsWith(code)
      expect(row?.retry.startsWith('yes')).toBe(ERROR_TABLE[code].retryable)
    },
  )
})

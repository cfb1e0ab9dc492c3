import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/config/env.js'
import { loadServiceConfig } from '../../src/config/service-config.js'
import {
  parseTableDeclarations,
  TableDeclarationError,
  tableDeclarationsJson,
} from '../../src/table/declarations.js'
import { keyAttributeDefinitionsOf } from '../../src/table/definition.js'

/** The example docs/tables.md shows and the issue gives, as users will copy it. */
const EXAMPLE_FILE = new URL('../../examples/tables.json', import.meta.url)
const example = () =>
  JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as { tables: Array<Record<string, unknown>> }

type Declaration = Record<string, unknown>
/** A table's first index of `kind`, to change. */
const firstOf = (table: Declaration, kind: 'globalIndexes' | 'localIndexes') =>
  (table[kind] as Declaration[])[0] as Declaration

/** The example with its first table changed by `change`. */
function withTable(change: (table: Record<string, unknown>) => void): unknown {
  const file = example()
  change(file.tables[0] as Record<string, unknown>)
  return file
}

describe('parseTableDeclarations', () => {
  it('reads the example: keys, both kinds of index, projections and the TTL attribute', () => {
    const [orders] = parseTableDeclarations(example(), 'tables.json')
    expect(orders).toEqual({
      tableName: 'orders',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalIndexes: [
        {
          name: 'byStatus',
          partitionKey: { name: 'status', type: 'S' },
          sortKey: { name: 'createdAt', type: 'N' },
          projection: 'ALL',
        },
      ],
      localIndexes: [
        { name: 'byTotal', sortKey: { name: 'total', type: 'N' }, projection: 'KEYS_ONLY' },
      ],
      ttlAttribute: 'expiresAt',
    })
    expect(keyAttributeDefinitionsOf(orders as never).map((key) => key.name)).toEqual([
      'pk',
      'sk',
      'status',
      'createdAt',
      'total',
    ])
  })

  it('round-trips through the JSON the CDK app gives the function', () => {
    const tables = parseTableDeclarations(example(), 'tables.json')
    expect(parseTableDeclarations(JSON.parse(tableDeclarationsJson(tables)), 'TABLES')).toEqual(
      tables,
    )
  })

  it('takes an INCLUDE projection and defaults a missing one to ALL', () => {
    const [orders] = parseTableDeclarations(
      withTable((table) => {
        table.globalIndexes = [
          {
            name: 'byStatus',
            partitionKey: { name: 'status', type: 'S' },
            projection: { include: ['total'] },
          },
          { name: 'byCustomer', partitionKey: { name: 'customer', type: 'S' } },
        ]
      }),
      'tables.json',
    )
    expect(orders?.globalIndexes?.map((index) => index.projection)).toEqual([
      { include: ['total'] },
      'ALL',
    ])
  })

  it.each([
    [
      'a table name DynamoDB refuses',
      (t: Record<string, unknown>) => {
        t.name = 'no spaces'
      },
      'tables.json: table "no spaces", name: "no spaces" is not a DynamoDB table name',
    ],
    [
      'a key type that is not S, N or B',
      (t: Record<string, unknown>) => {
        t.partitionKey = { name: 'pk', type: 'BOOL' }
      },
      'tables.json: table "orders", partitionKey.type: "BOOL" is not a key type; expected S, N or B.',
    ],
    [
      'a missing partition key',
      (t: Record<string, unknown>) => {
        delete t.partitionKey
      },
      'table "orders", partitionKey: missing',
    ],
    [
      'a misspelt field',
      (t: Record<string, unknown>) => {
        t.sortkey = t.sortKey
      },
      'table "orders", sortkey: unknown field',
    ],
    [
      'a local index on a table without a sort key',
      (t: Record<string, unknown>) => {
        delete t.sortKey
      },
      'table "orders", localIndexes: a local index needs a table with a sort key',
    ],
    [
      'an unknown projection',
      (t: Record<string, unknown>) => {
        firstOf(t, 'globalIndexes').projection = 'SOME'
      },
      'table "orders", globalIndexes[0].projection: "SOME" is not a projection',
    ],
    [
      'two indexes of one name',
      (t: Record<string, unknown>) => {
        firstOf(t, 'localIndexes').name = 'byStatus'
      },
      'table "orders", localIndexes[0]: index "byStatus" is declared twice',
    ],
    [
      'one attribute with two types',
      (t: Record<string, unknown>) => {
        firstOf(t, 'localIndexes').sortKey = {
          name: 'status',
          type: 'N',
        }
      },
      'table "orders", localIndexes[0].sortKey: attribute "status" is N here but S elsewhere',
    ],
    [
      'more local indexes than DynamoDB allows',
      (t: Record<string, unknown>) => {
        t.localIndexes = Array.from({ length: 6 }, (_, i) => ({
          name: `local${i}`,
          sortKey: { name: 'total', type: 'N' },
        }))
      },
      'table "orders", localIndexes: 6 indexes; DynamoDB allows at most 5.',
    ],
    [
      'an unknown billing mode',
      (t: Record<string, unknown>) => {
        t.billing = 'PAY_PER_REQUEST'
      },
      'table "orders", billing: "PAY_PER_REQUEST" is not onDemand or provisioned.',
    ],
  ])('refuses %s, in one line naming the table and the field', (_, change, message) => {
    const parse = () => parseTableDeclarations(withTable(change), 'tables.json')
    expect(parse).toThrow(TableDeclarationError)
    expect(parse).toThrow(message)
    try {
      parse()
    } catch (error) {
      expect((error as Error).message).not.toContain('\n')
    }
  })

  it('refuses a file without tables, and a table declared twice', () => {
    expect(() => parseTableDeclarations({ tables: [] }, 'f.json')).toThrow(
      'f.json: tables: expected a non-empty array',
    )
    const twice = example()
    twice.tables.push(twice.tables[0] as Record<string, unknown>)
    expect(() => parseTableDeclarations(twice, 'f.json')).toThrow(
      'table "orders" is declared twice',
    )
  })
})

describe('the service config from a tables file', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tables-'))
  const file = (name: string, text: string) => {
    const path = join(directory, name)
    writeFileSync(path, text)
    return path
  }

  it('serves the declared tables, the first by default, or the one TABLE_NAME names', () => {
    const path = file(
      'two.json',
      JSON.stringify({
        tables: [
          ...example().tables,
          { name: 'customers', partitionKey: { name: 'id', type: 'S' } },
        ],
      }),
    )
    const config = loadServiceConfig({ TABLES_FILE: path })
    expect(config.tableName).toBe('orders')
    expect(config.allowedTables).toEqual(['orders', 'customers'])
    expect(config.tables[0]?.globalIndexes?.[0]?.name).toBe('byStatus')
    const chosen = loadServiceConfig({ TABLES_FILE: path, TABLE_NAME: 'customers' })
    expect(chosen.allowedTables).toEqual(['customers', 'orders'])
  })

  it('takes the same declarations inline, as TABLES', () => {
    const config = loadServiceConfig({ TABLES: JSON.stringify(example()) })
    expect(config.allowedTables).toEqual(['orders'])
  })

  it('without a tables file, serves the lab table and ALLOWED_TABLES, of the lab shape', () => {
    const config = loadServiceConfig({ ALLOWED_TABLES: 'customers' })
    expect(config.tables.map((table) => [table.tableName, table.partitionKey.name])).toEqual([
      ['lambda-apigateway', 'id'],
      ['customers', 'id'],
    ])
  })

  it.each([
    [
      { TABLES_FILE: '/nonexistent/tables.json' },
      'TABLES_FILE: cannot read "/nonexistent/tables.json": no such file.',
    ],
    [{ TABLES: '{"tables": [' }, 'TABLES: TABLES is not JSON'],
    [
      { TABLES: JSON.stringify({ tables: [{ name: 'orders' }] }) },
      'TABLES: TABLES: table "orders", partitionKey: missing',
    ],
    [
      { TABLES: JSON.stringify(example()), ALLOWED_TABLES: 'x-table' },
      'ALLOWED_TABLES: set together with TABLES',
    ],
    [
      { TABLES: JSON.stringify(example()), TABLE_NAME: 'customers' },
      'TABLE_NAME: "customers" is not a table TABLES declares; expected one of orders.',
    ],
    [{ TABLES: '{}', TABLES_FILE: '/x' }, 'TABLES: set together with TABLES_FILE'],
  ])('stops start-up with one line: %o', (env, message) => {
    expect(() => loadServiceConfig(env)).toThrow(ConfigError)
    expect(() => loadServiceConfig(env)).toThrow(message)
  })
})

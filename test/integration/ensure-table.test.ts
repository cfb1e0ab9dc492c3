import { readFileSync } from 'node:fs'
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DynamoDbClient } from '../../src/dynamodb/client.js'
import { ensureTable } from '../../src/local/ensure-table.js'
import { createTableInput, TableMismatchError } from '../../src/local/table-schema.js'
import { parseTableDeclarations } from '../../src/table/declarations.js'
import type { TableDefinition } from '../../src/table/definition.js'
import { projectClient, startTestEngine, type TestEngine } from '../support/embedded-engine.js'

/** The example, as users copy it: a sort key, a GSI, an LSI, a TTL attribute. */
const [ORDERS] = parseTableDeclarations(
  JSON.parse(readFileSync(new URL('../../examples/tables.json', import.meta.url), 'utf8')),
  'examples/tables.json',
) as [TableDefinition]

describe('creating the declared tables on a real engine (dynalite)', () => {
  let engine: TestEngine
  let client: DynamoDbClient

  beforeAll(async () => {
    engine = await startTestEngine()
    client = projectClient(engine.endpoint)
  })

  afterAll(async () => {
    client?.destroy()
    await engine?.stop()
  })

  /** Creates `as` by hand (the engine's own client), then ensures `declared` under its name. */
  async function ensureOver(tableName: string, as: TableDefinition, declared: TableDefinition) {
    await engine.client.send(new CreateTableCommand(createTableInput(as, tableName)))
    return ensureTable(client, declared, tableName).catch((error: unknown) => error)
  }

  it('creates a table with its keys, its global and local indexes and their projections', async () => {
    // Act
    const status = await ensureTable(client, ORDERS)

    // Assess
    expect(status).toBe('created')
    const { Table } = await engine.client.send(new DescribeTableCommand({ TableName: 'orders' }))
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ])
    expect(Table?.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'byStatus',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      }),
    ])
    expect(Table?.LocalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'byTotal',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'total', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      }),
    ])
    expect(Table?.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'createdAt', AttributeType: 'N' },
        { AttributeName: 'total', AttributeType: 'N' },
      ]),
    )
  })

  it('uses a table that exists as declared, INCLUDE projections too', async () => {
    // Prepare
    const declared: TableDefinition = {
      ...ORDERS,
      globalIndexes: [
        {
          name: 'byStatus',
          partitionKey: { name: 'status', type: 'S' },
          projection: { include: ['total', 'customer'] },
        },
      ],
    }

    // Act
    const status = await ensureOver('as-declared', declared, declared)

    // Assess
    expect(status).toBe('existing')
  })

  it.each<[string, string, TableDefinition, RegExp]>([
    [
      'another partition key',
      'other-key',
      { tableName: 'x', partitionKey: { name: 'id', type: 'S' } },
      /^Table "other-key" exists with partition key id \(S\), no sort key, no global index "byStatus", no local index "byTotal", but is declared with partition key pk \(S\), sort key sk \(S\), global index "byStatus" \(status \(S\), createdAt \(N\), projection ALL\), local index "byTotal" \(total \(N\), projection KEYS_ONLY\)\.$/,
    ],
    [
      'another key type',
      'other-type',
      { ...ORDERS, sortKey: { name: 'sk', type: 'N' } },
      /exists with sort key sk \(N\), but is declared with sort key sk \(S\)\.$/,
    ],
    [
      'an index missing',
      'index-missing',
      { ...ORDERS, localIndexes: undefined },
      /exists with no local index "byTotal", but is declared with local index "byTotal" \(total \(N\), projection KEYS_ONLY\)\.$/,
    ],
    [
      'an index not declared',
      'index-extra',
      {
        ...ORDERS,
        globalIndexes: [
          ...(ORDERS.globalIndexes ?? []),
          { name: 'byCustomer', partitionKey: { name: 'customer', type: 'S' }, projection: 'ALL' },
        ],
      },
      /exists with global index "byCustomer" \(customer \(S\), projection ALL\), but is declared with no global index "byCustomer"\.$/,
    ],
    [
      'another projection',
      'other-projection',
      {
        ...ORDERS,
        localIndexes: [
          { name: 'byTotal', sortKey: { name: 'total', type: 'N' }, projection: 'ALL' },
        ],
      },
      /exists with local index "byTotal" \(total \(N\), projection ALL\), but is declared with local index "byTotal" \(total \(N\), projection KEYS_ONLY\)\.$/,
    ],
  ])(
    'reports a table that exists with %s, in one line, and leaves it as it is',
    async (_what, tableName, existing, says) => {
      // Act
      const failure = await ensureOver(tableName, existing, ORDERS)

      // Assess
      expect(failure).toBeInstanceOf(TableMismatchError)
      expect((failure as TableMismatchError).tableName).toBe(tableName)
      expect((failure as Error).message).toMatch(says)
      expect((failure as Error).message).not.toContain('\n')
      const { Table } = await engine.client.send(new DescribeTableCommand({ TableName: tableName }))
      expect(Table?.KeySchema?.[0]?.AttributeName).toBe(existing.partitionKey.name)
    },
  )
})

import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManager } from '../../src/core/manager.js'
import type { DynamoDbClient } from '../../src/dynamodb/client.js'
import { createDynamoDbStore } from '../../src/dynamodb/dynamodb-item-store.js'
import { ensureTable } from '../../src/local/ensure-table.js'
import { HEALTH_PROBE_NUMBER, healthProbeKey } from '../../src/service/health-probe-key.js'
import type { TableDefinition } from '../../src/table/definition.js'
import { projectClient, startTestEngine, type TestEngine } from '../support/embedded-engine.js'

/** A table of each key type the definition allows, and one with a sort key. */
const tables: TableDefinition[] = [
  { tableName: 'probe-s', partitionKey: { name: 'id', type: 'S' } },
  { tableName: 'probe-n', partitionKey: { name: 'n', type: 'N' } },
  { tableName: 'probe-b', partitionKey: { name: 'b', type: 'B' } },
  {
    tableName: 'probe-sorted',
    partitionKey: { name: 'pk', type: 'B' },
    sortKey: { name: 'name', type: 'N' },
  },
]

describe("the health probe's reserved key, against a real engine (dynalite)", () => {
  let engine: TestEngine
  let client: DynamoDbClient

  beforeAll(async () => {
    engine = await startTestEngine()
    client = projectClient(engine.endpoint)
    for (const table of tables) await ensureTable(client, table, table.tableName)
  })

  afterAll(async () => {
    client?.destroy()
    await engine?.stop()
  })

  it.each(tables.map((table) => [table.tableName, table] as const))(
    'is a valid key of %s: the probe reads it and the table counts as healthy',
    async (tableName, table) => {
      // Prepare
      const manager = createManager({
        store: createDynamoDbStore(client, { deadlineMs: 5000 }),
        tableName,
        allowedTables: [tableName],
        tables: [table],
        healthProbeKey: healthProbeKey(table),
        healthCacheMs: 0,
      })

      // Act
      const health = manager.checkHealth()

      // Assess
      await expect(health).resolves.toBeUndefined()
    },
  )

  it('reserves the lowest number DynamoDB stores: one lower is refused', async () => {
    // Act
    const put = (n: string) =>
      engine.client.send(new PutItemCommand({ TableName: 'probe-n', Item: { n: { N: n } } }))

    // Assess
    await expect(put(HEALTH_PROBE_NUMBER)).resolves.toBeDefined()
    await expect(put('-1E+126')).rejects.toMatchObject({ name: 'ValidationException' })
  })
})

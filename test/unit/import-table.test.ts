import { describe, expect, it } from 'vitest'
import { importTable } from '../../src/cli/commands/import-table.js'
import type { DynamoDBManagerClient } from '../../src/client/client.js'
import { DynamoDBManagerError } from '../../src/client/errors.js'
import type { JsonValue } from '../../src/core/codec/json.js'

/** A client whose `tables` call answers `answer` (or throws it, when it is an error). */
function clientAnswering(answer: JsonValue | Error): DynamoDBManagerClient {
  const tables = async () => {
    if (answer instanceof Error) throw answer
    return answer
  }
  return { tables } as unknown as DynamoDBManagerClient
}

const declared: JsonValue = {
  Tables: [
    {
      name: 'orders',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
    },
    { name: 'lambda-apigateway', partitionKey: { name: 'id', type: 'S' } },
  ],
  DefaultTable: 'orders',
}

describe('the table an import writes to', () => {
  it("is the API's default table, with its key attributes, when none is named", async () => {
    expect(await importTable(clientAnswering(declared), undefined)).toEqual({
      name: 'orders',
      keyAttributes: ['pk', 'sk'],
    })
  })

  it('is the table named, with its own key', async () => {
    expect(await importTable(clientAnswering(declared), 'lambda-apigateway')).toEqual({
      name: 'lambda-apigateway',
      keyAttributes: ['id'],
    })
  })

  it('is refused in one line naming the tables there are, when the API declares no such table', async () => {
    await expect(importTable(clientAnswering(declared), 'nosuch')).rejects.toThrow(
      'import: the API declares no table "nosuch" (--table, $SERVERLESS_LAB_TABLE): name one of orders, lambda-apigateway.',
    )
  })

  it('is the table named, keyed as the lab table, from an API without the tables operation', async () => {
    // Prepare
    const unknown = new DynamoDBManagerError({
      status: 400,
      code: 'UnknownOperation',
      message: 'Unknown operation "tables"',
    })

    // Act, Assess
    expect(await importTable(clientAnswering(unknown), 'mine')).toEqual({
      name: 'mine',
      keyAttributes: ['id'],
    })
    await expect(importTable(clientAnswering(unknown), undefined)).rejects.toThrow(
      'name the table with --table',
    )
  })
})

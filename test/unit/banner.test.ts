import { describe, expect, it } from 'vitest'
import { bannerText } from '../../src/local/banner.js'
import { TABLE, type TableDefinition } from '../../src/table/definition.js'

function bannerFor(tables: readonly TableDefinition[]): string {
  return bannerText({
    stack: {
      engine: undefined,
      watching: false,
      gateway: { url: new URL('http://127.0.0.1:3000/') },
      config: {
        dynamoDbEndpoint: new URL('http://127.0.0.1:8000/'),
        tableName: (tables[0] as TableDefinition).tableName,
        tables,
      },
    },
    local: { dataPath: undefined, apiKey: undefined },
    readyMs: 1,
  })
}

const EVENTS: TableDefinition = {
  tableName: 'events',
  partitionKey: { name: 'device', type: 'B' },
  sortKey: { name: 'at', type: 'N' },
  globalIndexes: [{ name: 'byKind', partitionKey: { name: 'kind', type: 'S' }, projection: 'ALL' }],
}

describe('the banner of npm start', () => {
  it("names the lab's table and its key, and pastes an item of its shape", () => {
    // Act
    const banner = bannerFor([TABLE])

    // Assess
    expect(banner).toMatch(/^ {2}table {6}lambda-apigateway: key id \(S\)$/m)
    expect(banner).toContain(
      `-d '{"operation":"create","payload":{"Item":{"id":"1","name":"Bob"}}}'`,
    )
  })

  it('lists every table served, one a line, the default first and marked', () => {
    // Act
    const banner = bannerFor([EVENTS, TABLE])

    // Assess
    const lines = banner.split('\n')
    const first = lines.findIndex((line) => line.startsWith('  tables'))
    expect(lines.slice(first, first + 2)).toEqual([
      '  tables     events (default): key device (B) + at (N); indexes byKind (global)',
      '             lambda-apigateway: key id (S)',
    ])
  })

  it("pastes an item with the default table's key attributes, each of its type", () => {
    // Act
    const banner = bannerFor([EVENTS])

    // Assess
    expect(banner).toContain(`"Item":{"device":{"$B":"AQ=="},"at":1,"name":"Bob"}`)
  })
})

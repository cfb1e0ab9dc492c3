import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../src/core/codec/json.js'
import { ErrorCode } from '../../src/core/error-table.js'
import { ApiError, ForbiddenError, NotFoundError } from '../../src/core/errors.js'
import type { ItemStore } from '../../src/core/item-store.js'
import { createManager } from '../../src/core/manager.js'
import type { OperationName } from '../../src/core/schema/payloads.js'
import {
  HEALTH_PROBE_ID,
  HEALTH_PROBE_NUMBER,
  healthProbeKey,
} from '../../src/service/health-probe-key.js'
import { TABLE, type TableDefinition } from '../../src/table/definition.js'
import { memoryItemStore } from '../support/memory-item-store.js'

const DEFAULT_TABLE = 'lambda-apigateway'
const OTHER_TABLE = 'lab-extra'
const CACHE_MS = 5000

/** The other allowed table declares a global and a local index; the default declares none. */
const OTHER_TABLE_INDEXES = {
  tableName: OTHER_TABLE,
  partitionKey: { name: 'id' },
  globalIndexes: [{ name: 'byStatus' }],
  localIndexes: [{ name: 'byTotal' }],
}

interface ManagerSetup {
  /** How long a health result is kept. @default 0, every check probes */
  readonly healthCacheMs?: number
  readonly table?: TableDefinition
  /** Stands between the manager and the recording store, e.g. to hold a call in flight. */
  readonly wrap?: (store: ItemStore) => ItemStore
}

function managerOverMemory({ healthCacheMs = 0, table = TABLE, wrap }: ManagerSetup = {}) {
  const store = memoryItemStore()
  /** The health cache's clock: the test moves it. */
  const clock = { ms: 1000 }
  const manager = createManager({
    store: wrap === undefined ? store : wrap(store),
    tableName: DEFAULT_TABLE,
    allowedTables: [DEFAULT_TABLE, OTHER_TABLE],
    tables: [{ tableName: DEFAULT_TABLE, partitionKey: { name: 'id' } }, OTHER_TABLE_INDEXES],
    healthProbeKey: healthProbeKey(table),
    healthCacheMs,
    now: () => clock.ms,
  })
  return { store, manager, clock }
}

/** What a settled check came to: `ok`, or the error it threw. */
const outcomeOf = (check: Promise<void>) =>
  check.then(
    () => 'ok' as const,
    (error: unknown) => error,
  )

/** A payload each table operation's schema accepts. */
const tableOperations: Array<[OperationName, JsonValue, string]> = [
  ['create', { Item: { id: '1' } }, 'putItem'],
  ['read', { Key: { id: '1' } }, 'getItem'],
  ['update', { Key: { id: '1' }, UpdateExpression: 'SET n = :n' }, 'updateItem'],
  ['delete', { Key: { id: '1' } }, 'deleteItem'],
  ['list', {}, 'scan'],
  ['query', { KeyConditionExpression: 'id = :id' }, 'query'],
]

describe('the table allowlist', () => {
  it.each(
    tableOperations.flatMap(([operation, payload, method]) => [
      {
        operation,
        payload,
        method,
        named: 'no table',
        tableName: undefined,
        reached: DEFAULT_TABLE,
      },
      {
        operation,
        payload,
        method,
        named: OTHER_TABLE,
        tableName: OTHER_TABLE,
        reached: OTHER_TABLE,
      },
    ]),
  )(
    '$operation naming $named reaches $reached',
    async ({ operation, payload, method, tableName, reached }) => {
      // Prepare
      const { store, manager } = managerOverMemory()
      store.answer('getItem', { Item: { id: { S: '1' } } })

      // Act
      await manager.execute({ operation, tableName, payload })

      // Assess
      expect(store.calls).toEqual([
        { method, input: expect.objectContaining({ TableName: reached }) },
      ])
    },
  )

  it.each(tableOperations)(
    '%s naming a table not allowed is a 403 TableNotAllowed, before the store is called',
    async (operation, payload) => {
      // Prepare
      const { store, manager } = managerOverMemory()

      // Act
      const failure = manager.execute({ operation, tableName: 'secrets-table', payload })

      // Assess
      await expect(failure).rejects.toBeInstanceOf(ForbiddenError)
      await expect(failure).rejects.toMatchObject({
        statusCode: 403,
        code: ErrorCode.TableNotAllowed,
        message: `Table "secrets-table" is not one this API serves. Allowed: ${DEFAULT_TABLE}, ${OTHER_TABLE}.`,
      })
      expect(store.calls).toEqual([])
    },
  )

  it.each<[OperationName, JsonValue, JsonValue]>([
    ['echo', { a: [1, 'b'] }, { a: [1, 'b'] }],
    ['ping', null, 'pong'],
  ])(
    '%s names a table not allowed and is answered: it touches no table',
    async (operation, payload, expected) => {
      // Prepare
      const { store, manager } = managerOverMemory()

      // Act
      const answer = await manager.execute({ operation, tableName: 'secrets-table', payload })

      // Assess
      expect(answer).toEqual(expected)
      expect(store.calls).toEqual([])
    },
  )
})

describe('running an operation', () => {
  it("answers with the operation's result", async () => {
    // Prepare
    const { store, manager } = managerOverMemory()
    store.answer('getItem', { Item: { id: { S: '1' }, name: { S: 'Bob' } } })

    // Act
    const answer = await manager.execute({
      operation: 'read',
      tableName: undefined,
      payload: { Key: { id: '1' } },
    })

    // Assess
    expect(answer).toEqual({ Item: { id: '1', name: 'Bob' } })
  })

  it.each([
    [
      'an ApiError, as the adapter throws it',
      new NotFoundError(ErrorCode.TableNotFound, 'no such table'),
    ],
    ['an unexpected error', new Error('socket hang up')],
  ])("passes the store's failure on unchanged: %s", async (_name, error) => {
    // Prepare
    const { store, manager } = managerOverMemory()
    store.fail('scan', error)

    // Act
    const failure = manager.execute({ operation: 'list', tableName: undefined, payload: {} })

    // Assess
    await expect(failure).rejects.toBe(error)
  })
})

describe('IndexName', () => {
  it.each([
    ['query', 'byStatus', { KeyConditionExpression: '#s = :s', IndexName: 'byStatus' }],
    ['query', 'byTotal', { KeyConditionExpression: 'id = :id', IndexName: 'byTotal' }],
    ['list', 'byStatus', { IndexName: 'byStatus' }],
    ['list', 'byTotal', { IndexName: 'byTotal' }],
  ] as const)(
    '%s with the declared index %s reaches the store with it',
    async (operation, index, payload) => {
      // Prepare
      const { store, manager } = managerOverMemory()

      // Act
      await manager.execute({ operation, tableName: OTHER_TABLE, payload })

      // Assess
      expect(store.calls).toEqual([
        { method: expect.any(String), input: expect.objectContaining({ IndexName: index }) },
      ])
    },
  )

  it.each([
    ['query', { KeyConditionExpression: 'id = :id', IndexName: 'byColour' }],
    ['list', { IndexName: 'byColour' }],
  ] as const)(
    '%s with an index the table does not declare is a 400 UnknownIndex listing its indexes, before the store',
    async (operation, payload) => {
      // Prepare
      const { store, manager } = managerOverMemory()

      // Act
      const failure = manager.execute({ operation, tableName: OTHER_TABLE, payload })

      // Assess
      await expect(failure).rejects.toMatchObject({
        statusCode: 400,
        code: ErrorCode.UnknownIndex,
        message: `payload.IndexName "byColour" is not an index of table "${OTHER_TABLE}"; its indexes: byStatus (global), byTotal (local).`,
      })
      expect(store.calls).toEqual([])
    },
  )

  it("is refused on a table that declares no index, even another table's index", async () => {
    // Prepare
    const { store, manager } = managerOverMemory()

    // Act
    const failure = manager.execute({
      operation: 'list',
      tableName: undefined,
      payload: { IndexName: 'byStatus' },
    })

    // Assess
    await expect(failure).rejects.toMatchObject({
      code: ErrorCode.UnknownIndex,
      message: `payload.IndexName "byStatus" is not an index of table "${DEFAULT_TABLE}"; it has no secondary index: leave IndexName out to read the table itself.`,
    })
    expect(store.calls).toEqual([])
  })

  it('is not looked at when absent: a list without it reads the table', async () => {
    // Prepare
    const { store, manager } = managerOverMemory()

    // Act
    await manager.execute({ operation: 'list', tableName: undefined, payload: {} })

    // Assess
    expect(store.calls).toHaveLength(1)
  })
})

describe('checkHealth', () => {
  it('reads the reserved key with an eventually consistent GetItem of the key only', async () => {
    // Prepare
    const { store, manager } = managerOverMemory()

    // Act
    await manager.checkHealth()

    // Assess: 0.5 read units whatever the table holds, no item data.
    expect(store.calls).toEqual([
      {
        method: 'getItem',
        input: {
          TableName: DEFAULT_TABLE,
          Key: { id: { S: HEALTH_PROBE_ID } },
          ConsistentRead: false,
          ProjectionExpression: '#k0',
          ExpressionAttributeNames: { '#k0': 'id' },
        },
      },
    ])
  })

  it.each<[string, TableDefinition, Record<string, unknown>]>([
    [
      'a string partition key',
      { tableName: 't', partitionKey: { name: 'id', type: 'S' } },
      { id: { S: HEALTH_PROBE_ID } },
    ],
    [
      'a number partition key',
      { tableName: 't', partitionKey: { name: 'n', type: 'N' } },
      { n: { N: HEALTH_PROBE_NUMBER } },
    ],
    [
      'a binary partition key',
      { tableName: 't', partitionKey: { name: 'b', type: 'B' } },
      { b: { B: new TextEncoder().encode(HEALTH_PROBE_ID) } },
    ],
    [
      'a partition key and a sort key (a reserved word)',
      {
        tableName: 't',
        partitionKey: { name: 'pk', type: 'B' },
        sortKey: { name: 'name', type: 'N' },
      },
      { pk: { B: new TextEncoder().encode(HEALTH_PROBE_ID) }, name: { N: HEALTH_PROBE_NUMBER } },
    ],
  ])('probes with the reserved value of each key attribute: %s', async (_name, table, key) => {
    // Prepare
    const { store, manager } = managerOverMemory({ table })

    // Act
    await manager.checkHealth()

    // Assess
    const names = Object.keys(key)
    expect(store.calls).toEqual([
      {
        method: 'getItem',
        input: expect.objectContaining({
          Key: key,
          ProjectionExpression: names.map((_, index) => `#k${index}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(
            names.map((name, index) => [`#k${index}`, name]),
          ),
        }),
      },
    ])
  })

  it('is healthy whether or not an item has the reserved key', async () => {
    const { store, manager } = managerOverMemory()
    await expect(manager.checkHealth()).resolves.toBeUndefined()
    store.answer('getItem', { Item: { id: { S: HEALTH_PROBE_ID } } })
    await expect(manager.checkHealth()).resolves.toBeUndefined()
  })

  it.each([
    ['an unexpected error', new Error('connect ECONNREFUSED 127.0.0.1:8000')],
    ['an ApiError', new NotFoundError(ErrorCode.TableNotFound, 'no such table')],
  ])(
    'turns a store failure (%s) into a 503 ServiceUnavailable with Retry-After, the cause kept',
    async (_name, cause) => {
      // Prepare
      const { store, manager } = managerOverMemory()
      store.fail('getItem', cause)

      // Act
      const failure = await outcomeOf(manager.checkHealth())

      // Assess
      expect(failure).toBeInstanceOf(ApiError)
      expect(failure).toMatchObject({
        statusCode: 503,
        code: ErrorCode.ServiceUnavailable,
        message: `Table "${DEFAULT_TABLE}" is not reachable.`,
        retryAfterSeconds: 1,
      })
      expect((failure as ApiError).cause).toBe(cause)
    },
  )

  it('probes once per cache window, the window counted from the answer', async () => {
    // Prepare
    const { store, manager, clock } = managerOverMemory({ healthCacheMs: CACHE_MS })

    // Act
    await manager.checkHealth()
    for (let index = 0; index < 20; index++) await manager.checkHealth()
    clock.ms += CACHE_MS - 1
    await manager.checkHealth()
    const withinWindow = store.calls.length
    clock.ms += 1
    await manager.checkHealth()
    await manager.checkHealth()

    // Assess
    expect(withinWindow).toBe(1)
    expect(store.calls.map((call) => call.method)).toEqual(['getItem', 'getItem'])
  })

  it('keeps an unhealthy answer for the window too, then probes again', async () => {
    // Prepare
    const { store, manager, clock } = managerOverMemory({ healthCacheMs: CACHE_MS })
    store.fail('getItem', new Error('connect ECONNREFUSED 127.0.0.1:8000'))

    // Act: the table comes back at once, but the failure answers until the window ends.
    const first = await outcomeOf(manager.checkHealth())
    store.answer('getItem', {})
    clock.ms += CACHE_MS - 1
    const cached = await outcomeOf(manager.checkHealth())
    const callsWhileCached = store.calls.length
    clock.ms += 1
    const after = await outcomeOf(manager.checkHealth())

    // Assess
    expect(first).toMatchObject({ statusCode: 503 })
    expect(cached).toBe(first)
    expect(callsWhileCached).toBe(1)
    expect(after).toBe('ok')
    expect(store.calls).toHaveLength(2)
  })

  it('makes concurrent checks share the probe in flight, however long it takes', async () => {
    // Prepare: the store answers only when the test lets it.
    let release = () => {}
    const answered = new Promise<void>((resolve) => {
      release = resolve
    })
    const { store, manager, clock } = managerOverMemory({
      healthCacheMs: CACHE_MS,
      wrap: (inner) => ({
        ...inner,
        getItem: async (input) => {
          const output = await inner.getItem(input)
          await answered
          return output
        },
      }),
    })

    // Act: checks arrive while the probe is out, some after a window's length.
    const early = Array.from({ length: 10 }, () => manager.checkHealth())
    clock.ms += CACHE_MS * 2
    const late = Array.from({ length: 10 }, () => manager.checkHealth())
    release()
    const outcomes = await Promise.all([...early, ...late].map(outcomeOf))

    // Assess
    expect(outcomes).toEqual(Array(20).fill('ok'))
    expect(store.calls).toHaveLength(1)
  })

  it('probes on every check with a cache of 0', async () => {
    const { store, manager } = managerOverMemory({ healthCacheMs: 0 })
    await Promise.all([manager.checkHealth(), manager.checkHealth()])
    await manager.checkHealth()
    expect(store.calls).toHaveLength(3)
  })
})

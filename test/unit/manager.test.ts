import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../src/core/codec/json.js'
import { ErrorCode } from '../../src/core/error-table.js'
import { ApiError, ForbiddenError, NotFoundError } from '../../src/core/errors.js'
import { createManager } from '../../src/core/manager.js'
import type { OperationName } from '../../src/core/schema/payloads.js'
import { memoryItemStore } from '../support/memory-item-store.js'

const DEFAULT_TABLE = 'lambda-apigateway'
const OTHER_TABLE = 'lab-extra'

function managerOverMemory() {
  const store = memoryItemStore()
  const manager = createManager({
    store,
    tableName: DEFAULT_TABLE,
    allowedTables: [DEFAULT_TABLE, OTHER_TABLE],
  })
  return { store, manager }
}

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

describe('checkHealth', () => {
  it('reads a one-item COUNT scan of the default table, which moves no item data', async () => {
    // Prepare
    const { store, manager } = managerOverMemory()
    store.answer('scan', { Count: 1, ScannedCount: 1 })

    // Act
    await manager.checkHealth()

    // Assess
    expect(store.calls).toEqual([
      { method: 'scan', input: { TableName: DEFAULT_TABLE, Limit: 1, Select: 'COUNT' } },
    ])
  })

  it('is healthy with an empty table too', async () => {
    const { store, manager } = managerOverMemory()
    store.answer('scan', { Count: 0, ScannedCount: 0 })
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
      store.fail('scan', cause)

      // Act
      const failure = await manager.checkHealth().then(
        () => undefined,
        (error: unknown) => error,
      )

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
})

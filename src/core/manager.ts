import type { TableDefinition } from '../table/definition.js'
import { batchOperations } from './batch/batch-operations.js'
import { batchTables } from './batch/batch-tables.js'
import type { JsonValue } from './codec/json.js'
import { ErrorCode } from './error-table.js'
import { ForbiddenError } from './errors.js'
import { createHealthCheck, type TableKey } from './health-check.js'
import { checkIndexName } from './index-check.js'
import type { ItemStore } from './item-store.js'
import { operations } from './operations.js'
import type { ValidEnvelope } from './schema/envelope.js'
import { tablesAnswerOf } from './tables-answer.js'

export interface ManagerOptions {
  readonly store: ItemStore
  /** The table a request without `tableName` uses. */
  readonly tableName: string
  /** The tables a request may name; the default table must be among them. */
  readonly allowedTables: readonly string[]
  /**
   * The allowed tables' declarations (ServiceConfig.tables): what `tables` answers, the
   * indexes whose `IndexName` `query` and `list` take, and the key attributes the batches check
   * their keys and items against. A table not here declares no index and has the lab's key, `id`.
   */
  readonly tables: readonly TableDefinition[]
  /**
   * A key of the default table that no real item uses: what the health check reads. The
   * composition root builds it from the table definition's key schema.
   */
  readonly healthProbeKey: TableKey
  /** How long a health probe's result is kept; 0: every check probes. */
  readonly healthCacheMs: number
  /** The health cache's clock, milliseconds. @default performance.now */
  readonly now?: () => number
}

/**
 * The DynamoDBManager itself: runs a validated envelope against the store. It knows
 * nothing of HTTP or Lambda; the adapters in src/lambda call it.
 *
 * @example
 * const manager = createManager({
 *   store,
 *   tableName: 'lambda-apigateway',
 *   allowedTables: ['lambda-apigateway'],
 *   tables: [TABLE],
 *   healthProbeKey: { id: { S: 'serverless-lab:health-probe' } },
 *   healthCacheMs: 5000,
 * })
 * await manager.execute({ operation: 'ping', tableName: undefined, payload: null }) // 'pong'
 */
export function createManager({
  store,
  tableName,
  allowedTables,
  tables,
  healthProbeKey,
  healthCacheMs,
  now,
}: ManagerOptions) {
  const tableAllowlist: ReadonlySet<string> = new Set(allowedTables)
  // The declarations do not change while the service runs: the answer is built once.
  const tablesAnswer = tablesAnswerOf(tables, tableName)
  const indexesByTable = new Map(tables.map((table) => [table.tableName, table]))
  const tablesOfBatches = batchTables(allowedTables, tables)
  const checkHealth = createHealthCheck({
    store,
    tableName,
    probeKey: healthProbeKey,
    cacheMs: healthCacheMs,
    ...(now === undefined ? {} : { now }),
  })

  function resolveTable(requested: string | undefined): string {
    const table = requested ?? tableName
    if (!tableAllowlist.has(table)) {
      throw new ForbiddenError(
        ErrorCode.TableNotAllowed,
        `Table "${table}" is not one this API serves. Allowed: ${[...tableAllowlist].join(', ')}.`,
      )
    }
    return table
  }

  return {
    /** Runs one request; throws an ApiError (or an unexpected error) on failure. */
    async execute(envelope: ValidEnvelope): Promise<JsonValue> {
      const { operation, payload } = envelope
      if (operation === 'tables') return tablesAnswer
      if (operation === 'batchRead' || operation === 'batchWrite') {
        // The batches name their tables in RequestItems, and check each of them themselves.
        return batchOperations[operation](store, tablesOfBatches, payload as never)
      }
      // echo and ping touch no table, so none is checked: as in the original lab.
      const table =
        operation === 'echo' || operation === 'ping' ? tableName : resolveTable(envelope.tableName)
      if (operation === 'query' || operation === 'list') {
        const declared = indexesByTable.get(table) ?? { tableName: table }
        checkIndexName(declared, (payload as { IndexName?: string } | null)?.IndexName)
      }
      // The payload has passed its operation's schema: the cast is what validation proved.
      return operations[operation](store, table, payload as never)
    },

    /**
     * Whether the default table answers (health-check.ts: a cached GetItem of a reserved
     * key). Throws ServiceUnavailableError if not.
     */
    checkHealth,
  }
}

export type Manager = ReturnType<typeof createManager>

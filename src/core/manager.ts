import type { JsonValue } from './codec/json.js'
import { ErrorCode } from './error-table.js'
import { ForbiddenError, ServiceUnavailableError } from './errors.js'
import type { ItemStore } from './item-store.js'
import { operations } from './operations.js'
import type { ValidEnvelope } from './schema/envelope.js'

export interface ManagerOptions {
  readonly store: ItemStore
  /** The table a request without `tableName` uses. */
  readonly tableName: string
  /** The tables a request may name; the default table must be among them. */
  readonly allowedTables: readonly string[]
}

/**
 * The DynamoDBManager itself: runs a validated envelope against the store. It knows
 * nothing of HTTP or Lambda; the adapters in src/lambda call it.
 *
 * @example
 * const manager = createManager({ store, tableName: 'lambda-apigateway', allowedTables: ['lambda-apigateway'] })
 * await manager.execute({ operation: 'ping', tableName: undefined, payload: null }) // 'pong'
 */
export function createManager({ store, tableName, allowedTables }: ManagerOptions) {
  const tableAllowlist: ReadonlySet<string> = new Set(allowedTables)

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
      // echo and ping touch no table, so none is checked: as in the original lab.
      const table =
        operation === 'echo' || operation === 'ping' ? tableName : resolveTable(envelope.tableName)
      // The payload has passed its operation's schema: the cast is what validation proved.
      return operations[operation](store, table, payload as never)
    },

    /**
     * Whether the default table answers: a one-item Scan that returns only a count, so it
     * works whatever the key schema, moves no item data, and needs no permission beyond what
     * the API already has. Throws ServiceUnavailableError if not.
     */
    async checkHealth(): Promise<void> {
      try {
        await store.scan({ TableName: tableName, Limit: 1, Select: 'COUNT' })
      } catch (error) {
        throw new ServiceUnavailableError(
          ErrorCode.ServiceUnavailable,
          `Table "${tableName}" is not reachable.`,
          { cause: error },
        )
      }
    },
  }
}

export type Manager = ReturnType<typeof createManager>

/*
 * The operations of the contract, as plain lists: the client and the CLI take them from here
 * so that their runtime loads no schema library. payloads.ts keys its schemas by these names
 * (the compiler checks the set, a unit test the order).
 */

/** Operations whose payload is required and must be an object of known keys. */
export const operationsWithStrictPayload = [
  'create',
  'read',
  'update',
  'delete',
  'list',
  'query',
] as const

export const operationNames = [...operationsWithStrictPayload, 'echo', 'ping', 'tables'] as const

/**
 * Operations that take no `tableName`: `tables` answers every declared table. A request that
 * names one is refused, so that it cannot look as if it were scoped to that table.
 */
export const operationsWithoutTableName = ['tables'] as const

export type OperationName = (typeof operationNames)[number]

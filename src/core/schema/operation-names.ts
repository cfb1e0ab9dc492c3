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
  'batchRead',
  'batchWrite',
] as const

export const operationNames = [...operationsWithStrictPayload, 'echo', 'ping', 'tables'] as const

/**
 * Operations that take no `tableName`: the batches name their tables in the payload, and
 * `tables` answers every declared table. A request to one of them with `tableName` is a 400
 * that says where the table names go, so that none can look as if it were scoped to a table.
 */
export const operationsWithoutTableName = ['batchRead', 'batchWrite', 'tables'] as const

export type OperationName = (typeof operationNames)[number]

/**
 * DynamoDB's own limits of one batch call, over all its tables: BatchGetItem reads at most 100
 * keys, BatchWriteItem does at most 25 puts and deletes. Plain numbers, so that the client and
 * the CLI can split their work by them.
 */
export const BATCH_LIMITS = { readKeys: 100, writeRequests: 25 } as const

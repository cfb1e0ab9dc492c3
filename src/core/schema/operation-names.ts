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

export const operationNames = [...operationsWithStrictPayload, 'echo', 'ping'] as const

export type OperationName = (typeof operationNames)[number]

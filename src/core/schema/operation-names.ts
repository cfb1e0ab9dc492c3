/**
 * The operations of the contract, as a plain list: the client and the CLI take them from here
 * so that their runtime loads no schema library. payloads.ts keys its schemas by these names
 * (the compiler checks the set, a unit test the order).
 */
export const operationNames = [
  'create',
  'read',
  'update',
  'delete',
  'list',
  'query',
  'echo',
  'ping',
] as const

export type OperationName = (typeof operationNames)[number]

/** Operations whose payload is required and must be an object of known keys. */
export const operationsWithStrictPayload = [
  'create',
  'read',
  'update',
  'delete',
  'list',
  'query',
] as const satisfies readonly OperationName[]

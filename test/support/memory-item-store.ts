import type { ItemStore } from '../../src/core/item-store.js'

type StoreMethod = keyof ItemStore
type InputOf<Method extends StoreMethod> = Parameters<ItemStore[Method]>[0]
type OutputOf<Method extends StoreMethod> = Awaited<ReturnType<ItemStore[Method]>>

/** One call the store received: which method, and the DynamoDB input it was given. */
export type StoreCall = {
  [Method in StoreMethod]: { readonly method: Method; readonly input: InputOf<Method> }
}[StoreMethod]

/** What a method answers: an output (without the SDK's $metadata), or an error it throws. */
type Outcome = { readonly output: object } | { readonly error: unknown }

export interface MemoryItemStore extends ItemStore {
  /** Every call received, in order. */
  readonly calls: StoreCall[]
  /** From now on, `method` answers `output` (until told otherwise). */
  answer<Method extends StoreMethod>(
    method: Method,
    output: Omit<OutputOf<Method>, '$metadata'>,
  ): void
  /** From now on, `method` throws `error`: an ApiError as the adapter would, or anything. */
  fail(method: StoreMethod, error: unknown): void
}

/**
 * An ItemStore that lives in the test: it records the DynamoDB inputs the core sends it and
 * answers each method with what the test scripted (by default an empty output: no item, no
 * page, no attributes). It evaluates no expression and keeps no table: it is not DynamoDB,
 * and tests of what DynamoDB does with a request run against dynalite (test/integration).
 *
 * @example
 * const store = memoryItemStore()
 * store.answer('getItem', { Item: { id: { S: '1' } } })
 * await store.getItem({ TableName: 't', Key: { id: { S: '1' } } }) // → { $metadata: {}, Item: … }
 * store.calls // → [{ method: 'getItem', input: { TableName: 't', Key: … } }]
 */
export function memoryItemStore(): MemoryItemStore {
  const calls: StoreCall[] = []
  // Typed per method where the test scripts it (`answer`), so kept loosely here.
  const outcomes: Partial<Record<StoreMethod, Outcome>> = {}

  function receive<Method extends StoreMethod>(method: Method) {
    return async (input: InputOf<Method>): Promise<OutputOf<Method>> => {
      calls.push({ method, input } as StoreCall)
      const outcome = outcomes[method] ?? { output: {} }
      if ('error' in outcome) throw outcome.error
      return { $metadata: {}, ...outcome.output } as OutputOf<Method>
    }
  }

  return {
    calls,
    answer(method, output) {
      outcomes[method] = { output }
    },
    fail(method, error) {
      outcomes[method] = { error }
    },
    putItem: receive('putItem'),
    getItem: receive('getItem'),
    updateItem: receive('updateItem'),
    deleteItem: receive('deleteItem'),
    scan: receive('scan'),
    query: receive('query'),
    batchGet: receive('batchGet'),
    batchWrite: receive('batchWrite'),
  }
}

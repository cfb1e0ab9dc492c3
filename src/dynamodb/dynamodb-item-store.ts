import type { KeysAndAttributes, WriteRequest } from '@aws-sdk/client-dynamodb'
import type { AttributeMap } from '../core/codec/attribute-encoding.js'
import { ErrorCode } from '../core/error-table.js'
import { ServiceUnavailableError } from '../core/errors.js'
import type { ItemStore } from '../core/item-store.js'
import { BATCH_BACKOFF, type BatchBackoff, retryUnprocessed } from './batch-retry.js'
import type { DynamoDbClient } from './client.js'
import { translateDynamoDbError } from './error-translation.js'

export interface DynamoDbStoreOptions {
  /**
   * The most a request waits for DynamoDB, the SDK's retries included. Past it the client
   * gets a 503 at once; the SDK's attempt in flight ends by its own timeout. It must fit in
   * API Gateway's 29 s integration timeout, or the client would get API Gateway's 504.
   */
  readonly deadlineMs: number
  /** How the batches wait before sending their unprocessed part again. @default BATCH_BACKOFF */
  readonly batchBackoff?: BatchBackoff
}

/**
 * The tables of a batch, for the 404 of a table that does not exist, which DynamoDB's own
 * message does not name: `Table "a" or "b" does not exist` (error-translation.ts quotes it).
 */
const tablesOf = (requestItems: object | undefined) =>
  Object.keys(requestItems ?? {}).join('" or "')

const nothingLeft = (byTable: object) => Object.keys(byTable).length === 0

/**
 * Races a DynamoDB call against the deadline. The call is left to end by itself: each of its
 * attempts has a timeout of its own (a share of the deadline), so it cannot outlive it by
 * much, and the client gets its answer at the deadline either way.
 */
function withinDeadline<Output>(
  deadlineMs: number,
  tableName: string,
  send: () => Promise<Output>,
): Promise<Output> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new ServiceUnavailableError(
          ErrorCode.ServiceUnavailable,
          `The database did not answer within ${deadlineMs} ms; retry after a pause.`,
        ),
      )
    }, deadlineMs)
    send().then(
      (output) => {
        clearTimeout(timer)
        resolve(output)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(translateDynamoDbError(error, tableName))
      },
    )
  })
}

/**
 * The ItemStore over a DynamoDB client (DynamoDB itself, the embedded engine, or any
 * compatible endpoint). The client is the caller's: built once per process by an entry file.
 */
export function createDynamoDbStore(
  client: DynamoDbClient,
  { deadlineMs, batchBackoff = BATCH_BACKOFF }: DynamoDbStoreOptions,
): ItemStore {
  const call = <Output>(tableName: string | undefined, send: () => Promise<Output>) =>
    withinDeadline(deadlineMs, tableName ?? '', send)
  const batchOptions = { deadlineMs, backoff: batchBackoff, isDone: nothingLeft }
  return {
    putItem: (input) => call(input.TableName, () => client.send('PutItem', input)),
    getItem: (input) => call(input.TableName, () => client.send('GetItem', input)),
    updateItem: (input) => call(input.TableName, () => client.send('UpdateItem', input)),
    deleteItem: (input) => call(input.TableName, () => client.send('DeleteItem', input)),
    scan: (input) => call(input.TableName, () => client.send('Scan', input)),
    query: (input) => call(input.TableName, () => client.send('Query', input)),
    async batchGet(input) {
      const responses: Record<string, AttributeMap[]> = {}
      const unprocessed = await retryUnprocessed<Record<string, KeysAndAttributes>>(
        input.RequestItems ?? {},
        {
          ...batchOptions,
          async sendRound(RequestItems, timeLeftMs) {
            const output = await withinDeadline(timeLeftMs, tablesOf(RequestItems), () =>
              client.send('BatchGetItem', { ...input, RequestItems }),
            )
            for (const [table, items] of Object.entries(output.Responses ?? {}))
              responses[table] = [...(responses[table] ?? []), ...(items as AttributeMap[])]
            return output.UnprocessedKeys ?? {}
          },
        },
      )
      return { $metadata: {}, Responses: responses, UnprocessedKeys: unprocessed }
    },
    async batchWrite(input) {
      const unprocessed = await retryUnprocessed<Record<string, WriteRequest[]>>(
        input.RequestItems ?? {},
        {
          ...batchOptions,
          async sendRound(RequestItems, timeLeftMs) {
            const output = await withinDeadline(timeLeftMs, tablesOf(RequestItems), () =>
              client.send('BatchWriteItem', { ...input, RequestItems }),
            )
            return output.UnprocessedItems ?? {}
          },
        },
      )
      return { $metadata: {}, UnprocessedItems: unprocessed }
    },
  }
}

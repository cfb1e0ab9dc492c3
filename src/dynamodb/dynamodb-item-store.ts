import { ErrorCode } from '../core/error-table.js'
import { ServiceUnavailableError } from '../core/errors.js'
import type { ItemStore } from '../core/item-store.js'
import type { DynamoDbClient } from './client.js'
import { translateDynamoDbError } from './error-translation.js'

export interface DynamoDbStoreOptions {
  /**
   * The most a request waits for DynamoDB, the SDK's retries included. Past it the client
   * gets a 503 at once; the SDK's attempt in flight ends by its own timeout. It must fit in
   * API Gateway's 29 s integration timeout, or the client would get API Gateway's 504.
   */
  readonly deadlineMs: number
}

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
  { deadlineMs }: DynamoDbStoreOptions,
): ItemStore {
  const call = <Output>(tableName: string | undefined, send: () => Promise<Output>) =>
    withinDeadline(deadlineMs, tableName ?? '', send)
  return {
    putItem: (input) => call(input.TableName, () => client.send('PutItem', input)),
    getItem: (input) => call(input.TableName, () => client.send('GetItem', input)),
    updateItem: (input) => call(input.TableName, () => client.send('UpdateItem', input)),
    deleteItem: (input) => call(input.TableName, () => client.send('DeleteItem', input)),
    scan: (input) => call(input.TableName, () => client.send('Scan', input)),
    query: (input) => call(input.TableName, () => client.send('Query', input)),
  }
}

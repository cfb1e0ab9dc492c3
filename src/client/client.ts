import { stringify } from 'lossless-json'
import type { JsonObject, JsonValue } from '../core/codec/json.js'
import { type OperationName, operationsWithoutTableName } from '../core/schema/operation-names.js'
import type {
  BatchReadRequest,
  BatchReadResult,
  BatchWriteRequest,
  BatchWriteResult,
  CreateRequest,
  DeleteRequest,
  JsonInput,
  ListRequest,
  PageResult,
  QueryRequest,
  ReadRequest,
  ReadResult,
  TablesResult,
  UpdateRequest,
  WriteResult,
} from './api-types.js'
import { createExchange } from './http-exchange.js'
import type { RequestSigner } from './request-signer.js'

export interface ClientOptions {
  /**
   * Where the API is: its endpoint (`…/Prod/DynamoDBManager`, as `npm start` prints it), its
   * stage (`https://abcdef1234.execute-api.eu-west-1.amazonaws.com/Prod`) or, for the local
   * gateway, its origin (`http://127.0.0.1:3000`).
   */
  readonly url: string | URL
  /** The table of every call that names none; by default the server's configured table. */
  readonly tableName?: string
  /** Authentication for a deployed API: `apiKeyAuth(key)` or `sigV4Auth({ region })`. */
  readonly signer?: RequestSigner
  /** Attempts of a throttled (429) call, waiting Retry-After between them. @default 3 */
  readonly maxAttempts?: number
  /**
   * Milliseconds each request may take to be answered in full; past it the call throws a
   * `NetworkError` (the API may still have run it). @default none: fetch's own limits
   */
  readonly timeoutMs?: number
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch
}

export interface CallOptions {
  /** The table of this call, instead of the client's. */
  readonly tableName?: string
  readonly signal?: AbortSignal
}

/** The options of a batch call: its tables are named in the payload, never by `tableName`. */
export type BatchCallOptions = Omit<CallOptions, 'tableName'>

/**
 * The API endpoint for a URL given as the endpoint itself, a stage or an origin. The local
 * gateway also answers without the stage, but `/Prod` works on both, so an origin gets it.
 *
 * @example
 * endpointUrl('http://127.0.0.1:3000').href // → 'http://127.0.0.1:3000/Prod/DynamoDBManager'
 */
export function endpointUrl(url: string | URL): URL {
  const endpoint = new URL(url)
  const path = endpoint.pathname.replace(/\/+$/, '')
  if (path.endsWith('/DynamoDBManager')) endpoint.pathname = path
  else endpoint.pathname = `${path === '' ? '/Prod' : path}/DynamoDBManager`
  return endpoint
}

/**
 * A typed client of the DynamoDBManager API, for Node.js 20+ and browsers. Results are typed
 * from the API's answer schemas; numbers are parsed losslessly (a number a JavaScript
 * `number` cannot hold exactly arrives as a `LosslessNumber`); failures throw a
 * `DynamoDBManagerError` carrying the API's error code.
 *
 * @example
 * const client = createClient({ url: 'http://127.0.0.1:3000' })
 * await client.create({ Item: { id: '1', name: 'Bob', big: 12345678901234567890n } })
 * const { Item } = await client.read({ Key: { id: '1' } })
 * for await (const page of client.listPages({ Limit: 100 })) console.log(page.Items)
 */
export function createClient({
  url,
  tableName,
  signer,
  maxAttempts = 3,
  timeoutMs,
  fetch: fetchImplementation = globalThis.fetch,
}: ClientOptions) {
  if (timeoutMs !== undefined && !(timeoutMs > 0 && Number.isFinite(timeoutMs)))
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, not ${timeoutMs}.`)
  const endpoint = endpointUrl(url)
  const send = createExchange({ signer, maxAttempts, timeoutMs, fetch: fetchImplementation })

  async function call(
    operation: OperationName,
    payload: JsonInput | undefined,
    options: CallOptions = {},
  ): Promise<JsonValue> {
    // The batches name their tables in the payload: the client's table is not theirs.
    const table = (operationsWithoutTableName as readonly string[]).includes(operation)
      ? options.tableName
      : (options.tableName ?? tableName)
    const body = stringify({ operation, tableName: table, payload }) ?? ''
    return send('POST', endpoint, body, options.signal)
  }

  async function* pages(
    operation: 'list' | 'query',
    payload: ListRequest | QueryRequest,
    options?: CallOptions,
  ): AsyncGenerator<PageResult, void, undefined> {
    let startKey = payload.ExclusiveStartKey
    do {
      const request = startKey === undefined ? payload : { ...payload, ExclusiveStartKey: startKey }
      const page = (await call(operation, request, options)) as PageResult
      yield page
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined)
  }

  return {
    /** The endpoint every call goes to. */
    endpoint,
    /** Any operation by name, for generic callers (the CLI, the console); answers untyped. */
    call,
    /** PutItem: writes a whole item, replacing any with the same key. */
    create: (request: CreateRequest, options?: CallOptions) =>
      call('create', request, options) as Promise<WriteResult>,
    /** GetItem. A key with no item throws a DynamoDBManagerError with code `ItemNotFound`. */
    read: (request: ReadRequest, options?: CallOptions) =>
      call('read', request, options) as Promise<ReadResult>,
    /** UpdateItem. */
    update: (request: UpdateRequest, options?: CallOptions) =>
      call('update', request, options) as Promise<WriteResult>,
    /** DeleteItem. */
    delete: (request: DeleteRequest, options?: CallOptions) =>
      call('delete', request, options) as Promise<WriteResult>,
    /** Scan, one page: pass its `LastEvaluatedKey` as the next `ExclusiveStartKey`. */
    list: (request: ListRequest = {}, options?: CallOptions) =>
      call('list', request, options) as Promise<PageResult>,
    /** Scan, every page from `ExclusiveStartKey` (or the start) on, one at a time. */
    listPages: (request: ListRequest = {}, options?: CallOptions) =>
      pages('list', request, options),
    /** Query, one page. */
    query: (request: QueryRequest, options?: CallOptions) =>
      call('query', request, options) as Promise<PageResult>,
    /** Query, every page, one at a time. */
    queryPages: (request: QueryRequest, options?: CallOptions) => pages('query', request, options),
    /**
     * BatchGetItem: up to 100 keys over one or more tables, named in `RequestItems`. The keys
     * the server could not read within its deadline come back in `UnprocessedKeys`: pass it
     * as the next call's `RequestItems` to read just those.
     */
    batchRead: (request: BatchReadRequest, options?: BatchCallOptions) =>
      call('batchRead', request, options) as Promise<BatchReadResult>,
    /**
     * BatchWriteItem: up to 25 puts and deletes over one or more tables, named in
     * `RequestItems`. The writes not done within the server's deadline come back in
     * `UnprocessedItems`: pass it as the next call's `RequestItems` to do just those.
     */
    batchWrite: (request: BatchWriteRequest, options?: BatchCallOptions) =>
      call('batchWrite', request, options) as Promise<BatchWriteResult>,
    /** Answers the payload as sent. */
    echo: (payload: JsonInput, options?: CallOptions) => call('echo', payload, options),
    /** Answers "pong": the API is up (it touches no table). */
    ping: (options?: CallOptions) => call('ping', undefined, options) as Promise<'pong'>,
    /**
     * The tables the API serves, with their keys and indexes, the default first (`DefaultTable`
     * names it): what `tableName` may name. It touches no table.
     */
    tables: (options?: Pick<CallOptions, 'signal'>) =>
      call('tables', undefined, options) as Promise<TablesResult>,
    /** GET …/health: resolves when the table is reachable, throws ServiceUnavailable if not. */
    health: (options?: CallOptions) =>
      send(
        'GET',
        new URL(endpoint.pathname.replace(/DynamoDBManager$/, 'health'), endpoint),
        '',
        options?.signal,
      ) as Promise<{ status: 'ok' }>,
  }
}

export type DynamoDBManagerClient = ReturnType<typeof createClient>
export type { JsonObject, JsonValue }

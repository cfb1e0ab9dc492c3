import { stringify } from 'lossless-json'
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type LosslessNumber,
  parseLosslessly,
} from '../core/codec/json.js'
import { codeForStatus, ErrorCode } from '../core/error-table.js'
import type {
  CreatePayload,
  DeletePayload,
  ListPayload,
  OperationName,
  QueryPayload,
  ReadPayload,
  UpdatePayload,
} from '../core/schema/payloads.js'
import type { PageResult, ReadResult, WriteResult } from '../core/schema/results.js'
import { type ClientErrorCode, DynamoDBManagerError } from './errors.js'
import type { RequestSigner } from './request-signer.js'

/**
 * A JSON value the client can send. Numbers may be `bigint` or `LosslessNumber` as well as
 * `number`: both are written with their exact digits, so 38-digit DynamoDB numbers survive.
 */
export type JsonInput =
  | null
  | boolean
  | number
  | bigint
  | string
  | LosslessNumber
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput }

/** An item, a key or expression values, in the API's attribute encoding (see README). */
export type AttributesInput = { readonly [name: string]: JsonInput }

type AttributeField = 'Item' | 'Key' | 'ExclusiveStartKey' | 'ExpressionAttributeValues'

/** A payload schema's type, with its attribute maps widened to what the client can send. */
export type RequestOf<Payload> = {
  [Key in keyof Payload]: Key extends AttributeField ? AttributesInput : Payload[Key]
}

export type CreateRequest = RequestOf<CreatePayload>
export type ReadRequest = RequestOf<ReadPayload>
export type UpdateRequest = RequestOf<UpdatePayload>
export type DeleteRequest = RequestOf<DeletePayload>
export type ListRequest = RequestOf<ListPayload>
export type QueryRequest = RequestOf<QueryPayload>
export type { PageResult, ReadResult, WriteResult }

/** The longest Retry-After the client waits out by itself before retrying a throttled call. */
const MAX_RETRY_WAIT_SECONDS = 20

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
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch
}

export interface CallOptions {
  /** The table of this call, instead of the client's. */
  readonly tableName?: string
  readonly signal?: AbortSignal
}

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

function parseAnswer(text: string): JsonValue | undefined {
  try {
    return parseLosslessly(text)
  } catch {
    return undefined
  }
}

function toError(response: Response, answer: JsonValue | undefined): DynamoDBManagerError {
  const requestId = response.headers.get('x-amzn-RequestId') ?? undefined
  const retryAfter = Number(response.headers.get('Retry-After') ?? Number.NaN)
  const body = isJsonObject(answer) ? answer : undefined
  const code = typeof body?.code === 'string' ? (body.code as ClientErrorCode) : undefined
  const message =
    typeof body?.message === 'string'
      ? body.message
      : `HTTP ${response.status} ${response.statusText}`.trim()
  return new DynamoDBManagerError({
    status: response.status,
    // API Gateway answers some failures itself, with `{"message"}` and no code: name them.
    code: code ?? codeForStatus(response.status) ?? 'InvalidResponse',
    message,
    requestId: typeof body?.requestId === 'string' ? body.requestId : requestId,
    body,
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
  })
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })

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
  fetch: fetchImplementation = globalThis.fetch,
}: ClientOptions) {
  const endpoint = endpointUrl(url)

  async function send(method: string, target: URL, body: string, signal?: AbortSignal) {
    const base = { 'content-type': 'application/json', accept: 'application/json' }
    const headers =
      signer === undefined ? base : await signer({ method, url: target, headers: base, body })
    for (let attempt = 1; ; attempt++) {
      let response: Response
      try {
        response = await fetchImplementation(target, {
          method,
          headers,
          ...(method === 'GET' ? {} : { body }),
          signal,
        })
      } catch (error) {
        if (signal?.aborted) throw error
        const reason = error instanceof Error ? (error.cause ?? error) : error
        throw new DynamoDBManagerError({
          status: 0,
          code: 'NetworkError',
          message: `Could not reach ${target.origin}: ${reason instanceof Error ? reason.message : String(reason)}`,
          cause: error,
        })
      }
      const answer = parseAnswer(await response.text())
      if (response.ok && answer !== undefined) return answer
      const error = response.ok
        ? new DynamoDBManagerError({
            status: response.status,
            code: 'InvalidResponse',
            message: `The answer of ${target.href} is not JSON: is the URL the API's?`,
            requestId: response.headers.get('x-amzn-RequestId') ?? undefined,
          })
        : toError(response, answer)
      // Only a throttled call is retried: it was not run, so running it again is safe. A
      // wait longer than MAX_RETRY_WAIT_SECONDS (API Gateway's quota answer says "a day")
      // is the caller's to decide on, not a sleep to hide inside a call.
      const waitSeconds = error.retryAfterSeconds ?? 2 ** (attempt - 1)
      if (
        error.code !== ErrorCode.Throttled ||
        attempt >= maxAttempts ||
        waitSeconds > MAX_RETRY_WAIT_SECONDS
      ) {
        throw error
      }
      await sleep(waitSeconds * 1000, signal)
    }
  }

  async function call(
    operation: OperationName,
    payload: JsonInput | undefined,
    options: CallOptions = {},
  ): Promise<JsonValue> {
    const table = options.tableName ?? tableName
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
    /** Answers the payload as sent. */
    echo: (payload: JsonInput, options?: CallOptions) => call('echo', payload, options),
    /** Answers "pong": the API is up (it touches no table). */
    ping: (options?: CallOptions) => call('ping', undefined, options) as Promise<'pong'>,
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

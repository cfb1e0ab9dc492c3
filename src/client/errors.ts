import type { JsonObject } from '../core/codec/json.js'
import type { ErrorCode } from '../core/error-table.js'

/**
 * The codes a client can meet: the API's own (docs/api.md, Errors), and three for when there
 * is no API answer to read: the request never got one, got one that is not the API's JSON,
 * or was never sent because no AWS credentials could be loaded to sign it.
 */
export type ClientErrorCode = ErrorCode | 'NetworkError' | 'InvalidResponse' | 'CredentialsError'

export interface DynamoDBManagerErrorInit {
  readonly status: number
  readonly code: ClientErrorCode
  readonly message: string
  readonly requestId?: string | undefined
  readonly body?: JsonObject | undefined
  readonly retryAfterSeconds?: number | undefined
  readonly cause?: unknown
}

/**
 * A failed call: the API's error answer, or a failure to get one. Branch on `code`, which is
 * stable; `message` says what to change; quote `requestId` when reporting a problem.
 *
 * @example
 * try {
 *   await client.read({ Key: { id: 'missing' } })
 * } catch (error) {
 *   if (error instanceof DynamoDBManagerError && error.code === 'ItemNotFound') { ... }
 * }
 */
export class DynamoDBManagerError extends Error {
  /** The HTTP status; 0 when no answer came (NetworkError, CredentialsError). */
  readonly status: number
  readonly code: ClientErrorCode
  readonly requestId: string | undefined
  /** The whole error body, e.g. with the current `Item` of a failed conditional write. */
  readonly body: JsonObject | undefined
  readonly retryAfterSeconds: number | undefined

  constructor({
    status,
    code,
    message,
    requestId,
    body,
    retryAfterSeconds,
    cause,
  }: DynamoDBManagerErrorInit) {
    super(message, { cause })
    this.name = 'DynamoDBManagerError'
    this.status = status
    this.code = code
    this.requestId = requestId
    this.body = body
    this.retryAfterSeconds = retryAfterSeconds
  }

  /**
   * The request was at fault (a 4xx), or the caller's setup (no credentials to sign it with):
   * sending it again unchanged will fail again.
   */
  get isClientError(): boolean {
    return (this.status >= 400 && this.status < 500) || this.code === 'CredentialsError'
  }

  /** The service failed or was not reached (a 5xx, or no answer): it may work later. */
  get isServerError(): boolean {
    // An answer that is not the API's JSON counts by its status: a 4xx is still the request's fault.
    return this.status >= 500 || (this.status === 0 && this.code !== 'CredentialsError')
  }
}

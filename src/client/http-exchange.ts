import { isJsonObject, type JsonValue, parseLosslessly } from '../core/codec/json.js'
import { codeForStatus, ErrorCode } from '../core/error-table.js'
import { type ClientErrorCode, DynamoDBManagerError } from './errors.js'
import { networkReason } from './network-reason.js'
import type { RequestSigner } from './request-signer.js'

/** The longest Retry-After the client waits out by itself before retrying a throttled call. */
const MAX_RETRY_WAIT_SECONDS = 20

export interface ExchangeOptions {
  readonly signer: RequestSigner | undefined
  /** Attempts of a throttled (429) call, waiting Retry-After between them. */
  readonly maxAttempts: number
  readonly fetch: typeof fetch
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
 * One request and its answer, over fetch: signed when there is a signer, the answer parsed
 * losslessly, every failure a DynamoDBManagerError, and a throttled call retried after its
 * Retry-After (nothing else is retried: a failed write may have been applied).
 */
export function createExchange({
  signer,
  maxAttempts,
  fetch: fetchImplementation,
}: ExchangeOptions) {
  return async function send(
    method: string,
    target: URL,
    body: string,
    signal?: AbortSignal,
  ): Promise<JsonValue> {
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
        throw new DynamoDBManagerError({
          status: 0,
          code: 'NetworkError',
          message: `Could not reach ${target.origin}: ${networkReason(error)}`,
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
}

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
  /** How long one attempt waits for its whole answer; undefined leaves it to fetch. */
  readonly timeoutMs: number | undefined
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
 * A signal for one attempt: it aborts when the caller's does, or when `timeoutMs` have
 * passed. `done` stops the clock once the answer is in, so that no timer outlives the call.
 */
function attemptSignal(signal: AbortSignal | undefined, timeoutMs: number | undefined) {
  if (timeoutMs === undefined) return { signal, timedOut: () => false, done: () => {} }
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError'))
  }, timeoutMs)
  const follow = () => controller.abort(signal?.reason)
  if (signal?.aborted) follow()
  else signal?.addEventListener('abort', follow, { once: true })
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', follow)
    },
  }
}

/** Seconds for a message: 0.25, 30, 90. */
const seconds = (ms: number) => `${Math.round(ms) / 1000} s`

/**
 * One request and its answer, over fetch: signed when there is a signer, the answer parsed
 * losslessly, every failure a DynamoDBManagerError, and a throttled call retried after its
 * Retry-After (nothing else is retried: a failed write may have been applied). With a
 * timeout, an attempt that has not received its whole answer in time fails as a
 * NetworkError: the API may still have run it.
 */
export function createExchange({
  signer,
  maxAttempts,
  timeoutMs,
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
      const deadline = attemptSignal(signal, timeoutMs)
      let response: Response | undefined
      let text: string
      try {
        response = await fetchImplementation(target, {
          method,
          headers,
          ...(method === 'GET' ? {} : { body }),
          signal: deadline.signal,
        })
        text = await response.text()
      } catch (error) {
        if (deadline.timedOut())
          throw new DynamoDBManagerError({
            status: 0,
            code: 'NetworkError',
            message: `No answer from ${target.origin} within ${seconds(timeoutMs ?? 0)}; the request may still have been run.`,
            cause: error,
          })
        if (signal?.aborted) throw error
        throw new DynamoDBManagerError({
          status: 0,
          code: 'NetworkError',
          message:
            response === undefined
              ? `Could not reach ${target.origin}: ${networkReason(error)}`
              : `The answer from ${target.origin} broke off: ${networkReason(error)}`,
          cause: error,
        })
      } finally {
        deadline.done()
      }
      const answer = parseAnswer(text)
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

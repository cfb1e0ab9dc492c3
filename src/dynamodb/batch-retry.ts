import { ErrorCode } from '../core/error-table.js'
import { ApiError } from '../core/errors.js'

/**
 * How a batch waits before it sends DynamoDB's unprocessed keys or items again: exponential
 * backoff with full jitter, as AWS advises for BatchGetItem and BatchWriteItem, so that
 * callers that were throttled together do not all come back at once.
 */
export interface BatchBackoff {
  /** The most the first wait may be; each round doubles it. */
  readonly baseMs: number
  /** The most any wait may be. */
  readonly maxMs: number
  /** [0, 1): where in its range a wait falls. */
  readonly random: () => number
}

export const BATCH_BACKOFF: BatchBackoff = { baseMs: 50, maxMs: 1000, random: Math.random }

/**
 * The least time worth starting a round with: the client's own shortest attempt
 * (create-client.ts). With less left, what remains goes back to the caller instead.
 */
export const MIN_ROUND_MS = 100

/** The wait before round `round` (1: the first resend): full jitter over base × 2^(round-1). */
export function backoffDelayMs(round: number, { baseMs, maxMs, random }: BatchBackoff): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (round - 1)))
}

/** Failures after which a later round's part is handed back rather than the whole call failed. */
const WORTH_HANDING_BACK: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.Throttled,
  ErrorCode.ServiceUnavailable,
])

export interface RetryOptions<Pending> {
  /** The request's whole budget, all rounds and waits included. */
  readonly deadlineMs: number
  readonly backoff: BatchBackoff
  /** Whether nothing is left to do. */
  readonly isDone: (pending: Pending) => boolean
  /**
   * Sends one round within `timeLeftMs` (rejecting with an ApiError when it fails or runs
   * out), keeps what it did, and answers what DynamoDB left unprocessed.
   */
  readonly sendRound: (pending: Pending, timeLeftMs: number) => Promise<Pending>
}

/**
 * Sends a batch, then what DynamoDB leaves unprocessed, again and again with backoff, for as
 * long as the deadline allows; answers what is still not done (done when `isDone` says so).
 *
 * The first round's failure is the call's: nothing was done, and the caller gets the error
 * as for any other operation. A later round's throttle or timeout is not: the earlier rounds
 * did their part, so its part is answered as not done, for the caller to send again.
 */
export async function retryUnprocessed<Pending>(
  first: Pending,
  { deadlineMs, backoff, isDone, sendRound }: RetryOptions<Pending>,
): Promise<Pending> {
  const deadlineAt = performance.now() + deadlineMs
  let pending = first
  for (let round = 0; ; round++) {
    if (round > 0) {
      const delay = backoffDelayMs(round, backoff)
      if (performance.now() + delay + MIN_ROUND_MS > deadlineAt) return pending
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
    try {
      pending = await sendRound(pending, deadlineAt - performance.now())
      if (isDone(pending)) return pending
    } catch (error) {
      const handBack = error instanceof ApiError && WORTH_HANDING_BACK.has(error.code)
      if (round === 0 || !handBack) throw error
      return pending // this round's input: none of it is known to be done
    }
  }
}

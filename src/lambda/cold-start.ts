import type { Environment } from '../config/env.js'

/**
 * True on the first call only, and only in an execution environment Lambda made on demand,
 * as Powertools counts a cold start: one made ahead of demand by provisioned concurrency
 * (`AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency`) has no cold start a caller waits
 * for. Asked once per invocation, sampled or not, so that the first is the one it names.
 */
export function coldStartTracker(env: Environment): () => boolean {
  let coldStart = env.AWS_LAMBDA_INITIALIZATION_TYPE === 'on-demand'
  return () => {
    const first = coldStart
    coldStart = false
    return first
  }
}

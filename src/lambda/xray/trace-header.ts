/** The parts of an X-Ray trace header (`_X_AMZN_TRACE_ID`) that a subsegment needs. */
export interface TraceContext {
  /** `1-<8 hex digits of epoch seconds>-<24 hex digits>` */
  readonly traceId: string
  /** The id of the segment Lambda records for the invocation: the parent of ours. */
  readonly parentId: string
}

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/
const SEGMENT_ID = /^[0-9a-f]{16}$/

/**
 * The trace context of a sampled invocation, from the header Lambda gives each invocation
 * (`Root=1-…;Parent=…;Sampled=1`); undefined when it is absent, malformed or not sampled
 * (`Sampled=0`, or `?` when the decision was deferred: Lambda records nothing then, so
 * nothing of ours could join a trace).
 */
export function sampledTraceContext(header: string | undefined): TraceContext | undefined {
  if (!header) return undefined
  let traceId: string | undefined
  let parentId: string | undefined
  let sampled = false
  for (const field of header.split(';')) {
    const separator = field.indexOf('=')
    const key = field.slice(0, separator).trim()
    const value = field.slice(separator + 1).trim()
    if (key === 'Root') traceId = value
    else if (key === 'Parent') parentId = value
    else if (key === 'Sampled') sampled = value === '1'
  }
  if (!sampled || !traceId || !parentId) return undefined
  if (!TRACE_ID.test(traceId) || !SEGMENT_ID.test(parentId)) return undefined
  return { traceId, parentId }
}

/** Lambda's runtime interface client keeps the header here when it runs invocations concurrently. */
interface LambdaRuntimeGlobals {
  readonly awslambda?: { readonly InvokeStore?: { getXRayTraceId?(): string | undefined } }
}

/**
 * The current invocation's trace header, where Lambda puts it: in the runtime's invoke store
 * when it has one, else in `_X_AMZN_TRACE_ID`, which the runtime sets before each invocation
 * (as Powertools reads it).
 */
export function currentTraceHeader(env: NodeJS.ProcessEnv): string | undefined {
  const store = (globalThis as LambdaRuntimeGlobals).awslambda?.InvokeStore
  return store?.getXRayTraceId?.() ?? env._X_AMZN_TRACE_ID
}

import type { DynamoDbCallObserver } from '../service/compose-service.js'
import { SERVICE_NAME } from '../service/metric-names.js'
import type { OperationObserver } from '../service/operation-observer.js'
import { coldStartTracker } from './cold-start.js'
import { invokeTellingStatus } from './invocation-status.js'
import type { LambdaHandler } from './lambda-handler.js'
import type { SegmentSender } from './xray/daemon-socket.js'
import { dynamoDbSubsegment } from './xray/dynamodb-subsegment.js'
import {
  flagByStatus,
  type NestedSubsegment,
  nested,
  newSegmentId,
  recordCause,
  subsegment,
} from './xray/subsegment.js'
import { currentTraceHeader, sampledTraceContext, type TraceContext } from './xray/trace-header.js'

export interface InvocationTracingOptions {
  /** Where the daemon's documents go (xray/daemon-socket.ts). */
  readonly send: SegmentSender
  /** Where each invocation's trace header and the cold start are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv
}

export interface InvocationTracing {
  /** For composeService: records each DynamoDB call as a subsegment of the invocation's. */
  readonly observeDynamoDb: DynamoDbCallObserver
  /** For composeService: learns the operation of the invocation under way. */
  readonly onOperation: OperationObserver
  /** The handler, each sampled invocation recorded as a subsegment with its annotations. */
  instrument(handler: LambdaHandler): LambdaHandler
}

/** The invocation under way, when Lambda sampled it. */
interface TracedInvocation {
  readonly trace: TraceContext
  readonly id: string
  operation?: string
  /** Its DynamoDB calls so far, sent inside its own document when it ends. */
  readonly calls: NestedSubsegment[]
}

/**
 * DynamoDB calls sent inside the invocation's document, at most: a datagram to the daemon
 * holds 64 KB, and a call's subsegment up to about 1.5 KB. Later calls of the same
 * invocation are each sent on their own, as they end.
 */
const MAX_NESTED_CALLS = 25

/**
 * X-Ray traces of the function's invocations and of the DynamoDB calls they make, sent to
 * the daemon Lambda runs beside a function with active tracing: one datagram per sampled
 * invocation, its calls nested in it (a send costs tens of µs on Lambda-like VMs). Lambda records a segment for
 * each invocation it samples; under it, each invocation gets a subsegment `## <handler>`
 * annotated with `ColdStart`, `Service` and `Operation` (the API operation) and flagged by
 * its answer's status, and each DynamoDB call a subsegment of that one.
 *
 * Our own, not Powertools' Tracer: the X-Ray SDK under the Tracer costs this function more
 * than its budget (issue 12; the figures are in docs/operations.md#traces). An invocation
 * Lambda did not sample builds nothing and sends nothing.
 *
 * The invocation under way is kept in one slot: Lambda runs one invocation at a time in an
 * execution environment.
 */
export function createInvocationTracing({
  send,
  env = process.env,
}: InvocationTracingOptions): InvocationTracing {
  const takeColdStart = coldStartTracker(env)
  const handlerName = `## ${env._HANDLER || 'index.handler'}`
  let current: TracedInvocation | undefined

  return {
    observeDynamoDb(call) {
      if (current === undefined) return
      const document = dynamoDbSubsegment(call, current.trace, current.id)
      if (current.calls.length < MAX_NESTED_CALLS) current.calls.push(nested(document))
      else send(document)
    },
    onOperation(operation) {
      if (current !== undefined) current.operation = operation
    },
    instrument(handler) {
      return async function traced(event, context) {
        const coldStart = takeColdStart()
        const trace = sampledTraceContext(currentTraceHeader(env))
        if (trace === undefined) {
          current = undefined
          return handler(event, context)
        }
        const invocation: TracedInvocation = { trace, id: newSegmentId(), calls: [] }
        current = invocation
        const started = Date.now()
        /** Sends the invocation's subsegment, flagged by the status it answered with. */
        const record = (status: number, error?: unknown) => {
          const document = subsegment(
            handlerName,
            trace,
            trace.parentId,
            started,
            Date.now(),
            invocation.id,
          )
          flagByStatus(document, status)
          if (error !== undefined) recordCause(document, error, false)
          document.annotations = {
            ColdStart: coldStart,
            Service: SERVICE_NAME,
            ...(invocation.operation === undefined ? {} : { Operation: invocation.operation }),
          }
          if (invocation.calls.length > 0) document.subsegments = invocation.calls
          send(document)
        }
        try {
          return await invokeTellingStatus(handler, event, context, record)
        } finally {
          if (current === invocation) current = undefined
        }
      }
    },
  }
}

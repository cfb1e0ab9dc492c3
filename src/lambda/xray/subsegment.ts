import { randomFillSync } from 'node:crypto'
import type { TraceContext } from './trace-header.js'

/** The exception a subsegment's `cause` records, as X-Ray's segment documents take it. */
interface RecordedException {
  readonly id: string
  readonly type: string
  readonly message: string
  /** True for an error another service answered with (DynamoDB's), false for our own. */
  readonly remote: boolean
}

/**
 * An X-Ray subsegment document sent on its own (an "independent subsegment"): the fields of
 * X-Ray's segment document schema that this function records.
 */
export interface SubsegmentDocument {
  readonly type: 'subsegment'
  readonly name: string
  readonly id: string
  readonly trace_id: string
  readonly parent_id: string
  /** Epoch seconds, with fractions. */
  readonly start_time: number
  readonly end_time: number
  /** `aws` for a call to an AWS service: X-Ray then draws the service on the map. */
  namespace?: 'aws'
  annotations?: Record<string, string | number | boolean>
  aws?: Record<string, string | number>
  http?: { response: { status: number } }
  /** A 4xx. */
  error?: true
  /** Throttled (a 429, or DynamoDB's throttling errors). */
  throttle?: true
  /** A 5xx, or no answer at all. */
  fault?: true
  cause?: { working_directory: string; exceptions: RecordedException[] }
  /** Subsegments sent inside this one, each without its own type, trace_id and parent_id. */
  subsegments?: NestedSubsegment[]
}

/** A subsegment sent inside its parent's document: the parent's fields are implied. */
export type NestedSubsegment = Omit<SubsegmentDocument, 'type' | 'trace_id' | 'parent_id'>

/** `document` as a nested subsegment of the one that holds it. */
export function nested({
  type: _type,
  trace_id: _traceId,
  parent_id: _parentId,
  ...rest
}: SubsegmentDocument): NestedSubsegment {
  return rest
}

/**
 * Random bytes for segment ids, drawn 8 at a time: one call for 512 ids, where a call per id
 * costs about 9 µs on a Lambda-like VM (randomBytes(8) is a syscall each time; node's own
 * randomUUID pools the same way).
 */
const idPool = Buffer.alloc(4096)
let idPoolOffset = idPool.length

/** A new segment id: 16 random hex digits, as X-Ray wants. */
export function newSegmentId(): string {
  if (idPoolOffset === idPool.length) {
    randomFillSync(idPool)
    idPoolOffset = 0
  }
  idPoolOffset += 8
  return idPool.toString('hex', idPoolOffset - 8, idPoolOffset)
}

/** A subsegment of `parentId` in the trace, from `startMs` to `endMs` (epoch milliseconds). */
export function subsegment(
  name: string,
  { traceId }: TraceContext,
  parentId: string,
  startMs: number,
  endMs: number,
  id = newSegmentId(),
): SubsegmentDocument {
  return {
    type: 'subsegment',
    name,
    id,
    trace_id: traceId,
    parent_id: parentId,
    start_time: startMs / 1000,
    end_time: endMs / 1000,
  }
}

/** The flag X-Ray reads from a status: a 429 is a throttle and an error, other 4xx an error, 5xx a fault. */
export function flagByStatus(document: SubsegmentDocument, status: number): void {
  if (status >= 500) document.fault = true
  else if (status >= 400) document.error = true
  if (status === 429) document.throttle = true
}

/** Records `error` as the subsegment's cause; X-Ray keeps the message short. */
export function recordCause(document: SubsegmentDocument, error: unknown, remote: boolean): void {
  const { name = 'Error', message = String(error) } = (error ?? {}) as Partial<Error>
  document.cause = {
    working_directory: process.cwd(),
    exceptions: [{ id: newSegmentId(), type: name, message: message.slice(0, 1024), remote }],
  }
}

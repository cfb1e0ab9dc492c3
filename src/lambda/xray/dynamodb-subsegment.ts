import type { DynamoDbCall } from '../../service/compose-service.js'
import { recordCause, type SubsegmentDocument, subsegment } from './subsegment.js'
import type { TraceContext } from './trace-header.js'

/**
 * A DynamoDB call as X-Ray's own instrumentation of the AWS SDK records it, so that the
 * service map shows DynamoDB (and the trace view, the table) beside the function: named
 * `DynamoDB` in the `aws` namespace, with the operation, table, region, request id and
 * retries, the HTTP status, the flags, and the exception as its cause. Its times span the
 * whole call, backoff and retries included.
 *
 * Two differences from the SDK's instrumentation, both deliberate: `retries` is the retries
 * made (attempts - 1), where the SDK writes the attempts; and a failed call is flagged by how
 * it failed (a throttle or other 4xx an error, a 5xx or no answer a fault), where the SDK
 * marks every failed call a fault as well.
 */
export function dynamoDbSubsegment(
  call: DynamoDbCall,
  trace: TraceContext,
  parentId: string,
): SubsegmentDocument {
  const document = subsegment('DynamoDB', trace, parentId, call.startTime, call.endTime)
  document.namespace = 'aws'
  document.aws = {
    operation: call.operation,
    region: call.region,
    retries: call.attempts - 1,
    ...(call.requestId === undefined ? {} : { request_id: call.requestId }),
    ...(call.tableName === undefined ? {} : { table_name: call.tableName }),
  }
  if (call.httpStatus !== undefined) document.http = { response: { status: call.httpStatus } }
  if (call.failure === 'fault') document.fault = true
  else if (call.failure !== undefined) document.error = true
  if (call.failure === 'throttle') document.throttle = true
  if (call.error !== undefined) recordCause(document, call.error, true)
  return document
}

import type {
  BatchGetItemCommandInput,
  BatchGetItemCommandOutput,
  BatchWriteItemCommandInput,
  BatchWriteItemCommandOutput,
  CreateTableCommandInput,
  CreateTableCommandOutput,
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  DescribeTableCommandInput,
  DescribeTableCommandOutput,
  GetItemCommandInput,
  GetItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb'
import {
  isClockSkewError,
  isServerError,
  isThrottlingError,
  isTransientError,
  StandardRetryStrategy,
} from '@smithy/core/retry'
import { Hash } from '@smithy/core/serde'
import { SignatureV4 } from '@smithy/signature-v4'
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  RetryErrorType,
  SdkError,
} from '@smithy/types'
import { KeepAliveHttpHandler, type ReceivedResponse } from './keep-alive-http-handler.js'
import { parseOutput, parseServiceError, serializeInput } from './wire-format.js'

/** The DynamoDB operations this project calls, with the SDK's types for their input and output. */
export interface DynamoDbOperations {
  GetItem: [GetItemCommandInput, GetItemCommandOutput]
  PutItem: [PutItemCommandInput, PutItemCommandOutput]
  UpdateItem: [UpdateItemCommandInput, UpdateItemCommandOutput]
  DeleteItem: [DeleteItemCommandInput, DeleteItemCommandOutput]
  Scan: [ScanCommandInput, ScanCommandOutput]
  Query: [QueryCommandInput, QueryCommandOutput]
  BatchGetItem: [BatchGetItemCommandInput, BatchGetItemCommandOutput]
  BatchWriteItem: [BatchWriteItemCommandInput, BatchWriteItemCommandOutput]
  DescribeTable: [DescribeTableCommandInput, DescribeTableCommandOutput]
  CreateTable: [CreateTableCommandInput, CreateTableCommandOutput]
}

export type DynamoDbOperation = keyof DynamoDbOperations

/** DynamoDB's JSON protocol: every call is a POST to `/` naming its operation in a header. */
const TARGET_PREFIX = 'DynamoDB_20120810.'
const CONTENT_TYPE = 'application/x-amz-json-1.0'

/** The skew past which DynamoDB refuses a signature, and the SDK corrects its clock. */
const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000

export interface DynamoDbClientOptions {
  /** DynamoDB's endpoint: the region's, or any compatible engine's. */
  readonly endpoint: URL
  readonly region: string
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** Attempts per call, the first included, as the SDK's `maxAttempts`. */
  readonly maxAttempts: number
  /**
   * The budget of one attempt, connecting included: a share of the request's deadline
   * (create-client.ts), so that an attempt that hangs leaves time for the next one.
   */
  readonly attemptTimeoutMs: number
  /** Told of every call once it has ended: tracing and metrics watch the client through it. */
  readonly observer?: DynamoDbCallObserver
}

/** How a failed call failed, in the terms X-Ray and CloudWatch count failures by. */
export type DynamoDbFailureKind = 'throttle' | 'fault' | 'client'

/** One call as its observer sees it: the whole call, its retries included. */
export interface DynamoDbCall {
  readonly operation: DynamoDbOperation
  /**
   * The input's TableName; for a batch, the one table of its RequestItems. Undefined for a call
   * that names none, and for a batch over several tables: naming one of them would pin the
   * whole call (its time, its failure) on that table in the trace.
   */
  readonly tableName: string | undefined
  readonly region: string
  /** Attempts made, the first included: 1 when the call was not retried. */
  readonly attempts: number
  /** DynamoDB's x-amzn-RequestId of the last attempt, when one was answered. */
  readonly requestId: string | undefined
  /** The last attempt's HTTP status; undefined when none was answered (a timeout, a refused connection). */
  readonly httpStatus: number | undefined
  /** Epoch milliseconds: when `send` was called and when it returned or threw. */
  readonly startTime: number
  readonly endTime: number
  /** The error the call threw, absent when it succeeded. */
  readonly error?: Error
  readonly failure?: DynamoDbFailureKind
}

/**
 * Called once per call, when it ends. It runs on the request's path: it should be quick,
 * and what it throws is ignored, so that watching a call can never fail it.
 */
export type DynamoDbCallObserver = (call: DynamoDbCall) => void

/**
 * A DynamoDB client for the calls this project makes, built from the SDK's own parts: its
 * SigV4 signer, credential chain, retry strategy and error classification. What it leaves
 * out is the SDK client's generic machinery: the middleware stack and the schema-driven
 * (de)serialisers, which were most of a request's CPU (docs/benchmarks.md has the
 * profiles) and most of the function's cold start. DynamoDB's JSON protocol needs neither:
 * the SDK's input types are already its wire format but for binaries (wire-format.ts).
 *
 * Behaviour kept from the SDK client: standard retries with backoff for throttling,
 * transient and 5xx errors, and a retry quota; clock skew correction; errors named and
 * shaped as the SDK's (`name`, `$fault`, `$metadata`, the error's own members).
 */
export class DynamoDbClient {
  /** Where every request goes: read off the endpoint once, not on each attempt. */
  private readonly destination: {
    readonly protocol: string
    readonly hostname: string
    readonly port: number | undefined
    readonly path: string
    readonly host: string
  }
  private readonly signer: SignatureV4
  private readonly retryStrategy: StandardRetryStrategy
  private readonly transport: KeepAliveHttpHandler
  private readonly region: string
  private readonly observer: DynamoDbCallObserver | undefined
  /** Milliseconds to add to this machine's clock, learnt from DynamoDB's Date header. */
  private clockOffsetMs = 0

  constructor({
    endpoint,
    region,
    credentials,
    maxAttempts,
    attemptTimeoutMs,
    observer,
  }: DynamoDbClientOptions) {
    const { protocol, hostname, port, pathname, host } = endpoint
    this.destination = {
      protocol,
      hostname,
      port: port === '' ? undefined : Number(port),
      path: pathname,
      host,
    }
    // One signer for the client's life: it caches the day's signing key (four HMACs).
    this.signer = new SignatureV4({
      credentials,
      region,
      service: 'dynamodb',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: true,
    })
    this.retryStrategy = new StandardRetryStrategy(maxAttempts)
    this.transport = new KeepAliveHttpHandler({ requestTimeoutMs: attemptTimeoutMs })
    this.region = region
    this.observer = observer
  }

  async send<Name extends DynamoDbOperation>(
    operation: Name,
    input: DynamoDbOperations[Name][0],
  ): Promise<DynamoDbOperations[Name][1]> {
    const observer = this.observer
    if (observer === undefined) return this.sendUnobserved(operation, input)
    const startTime = Date.now()
    const tableName = tableNameOf(input)
    try {
      const output = await this.sendUnobserved(operation, input)
      this.tell(observer, operation, tableName, startTime, output.$metadata)
      return output
    } catch (error) {
      const failure = error as SdkError
      this.tell(observer, operation, tableName, startTime, failure.$metadata ?? {}, failure)
      throw error
    }
  }

  private tell(
    observer: DynamoDbCallObserver,
    operation: DynamoDbOperation,
    tableName: string | undefined,
    startTime: number,
    metadata: { attempts?: number; requestId?: string; httpStatusCode?: number },
    error?: SdkError,
  ): void {
    const call: DynamoDbCall = {
      operation,
      tableName,
      region: this.region,
      attempts: metadata.attempts ?? 1,
      requestId: metadata.requestId,
      httpStatus: metadata.httpStatusCode,
      startTime,
      endTime: Date.now(),
      ...(error === undefined ? {} : { error, failure: failureKind(error) }),
    }
    try {
      observer(call)
    } catch {
      // An observer that throws is a bug of the observer's; the caller gets its answer.
    }
  }

  private async sendUnobserved<Name extends DynamoDbOperation>(
    operation: Name,
    input: DynamoDbOperations[Name][0],
  ): Promise<DynamoDbOperations[Name][1]> {
    const body = serializeInput(input)
    let token = await this.retryStrategy.acquireInitialRetryToken('')
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await this.attempt(operation, body)
        this.retryStrategy.recordSuccess(token)
        output.$metadata.attempts = attempt
        return output as DynamoDbOperations[Name][1]
      } catch (error) {
        const failure = error as SdkError
        try {
          // Waits out the backoff, or throws when the error is not worth another attempt.
          token = await this.retryStrategy.refreshRetryTokenForRetry(token, {
            errorType: retryErrorType(failure),
          })
        } catch {
          failure.$metadata = { ...failure.$metadata, attempts: attempt }
          throw failure
        }
      }
    }
  }

  private async attempt(
    operation: DynamoDbOperation,
    body: string,
  ): Promise<{ $metadata: Record<string, unknown> }> {
    const { protocol, hostname, port, path, host } = this.destination
    const request = await this.signer.sign(
      {
        protocol,
        hostname,
        port,
        method: 'POST',
        path,
        query: {},
        headers: {
          host,
          'content-type': CONTENT_TYPE,
          'content-length': String(Buffer.byteLength(body)),
          'x-amz-target': TARGET_PREFIX + operation,
        },
        body,
      },
      { signingDate: new Date(Date.now() + this.clockOffsetMs) },
    )
    const response = await this.transport.handle(request)
    const requestId = headerOf(response, 'x-amzn-requestid')
    if (response.statusCode === 200) {
      const output = parseOutput<{ $metadata: Record<string, unknown> }>(response.body)
      output.$metadata = { httpStatusCode: 200, requestId }
      return output
    }
    const error = parseServiceError(
      response.statusCode,
      response.body,
      headerOf(response, 'x-amzn-errortype'),
      requestId,
    )
    if (isClockSkewError(error as SdkError)) this.correctClock(response, error.$metadata)
    throw error
  }

  /** As the SDK does: a signature refused for skew is retried with DynamoDB's time. */
  private correctClock(response: ReceivedResponse, metadata: { clockSkewCorrected?: true }): void {
    const serverTime = Date.parse(headerOf(response, 'date') ?? '')
    if (Number.isNaN(serverTime)) return
    const offset = serverTime - Date.now()
    if (Math.abs(offset - this.clockOffsetMs) < CLOCK_SKEW_LIMIT_MS) return
    this.clockOffsetMs = offset
    metadata.clockSkewCorrected = true
  }

  /** Closes the kept connections, so that a process can end. */
  destroy(): void {
    this.transport.destroy()
  }
}

/** What a call's observer records as its table: see DynamoDbCall.tableName. */
function tableNameOf(input: object): string | undefined {
  const { TableName, RequestItems } = input as { TableName?: string; RequestItems?: object }
  if (TableName !== undefined || RequestItems === undefined) return TableName
  const tables = Object.keys(RequestItems)
  return tables.length === 1 ? tables[0] : undefined
}

function headerOf(response: ReceivedResponse, name: string): string | undefined {
  const value = response.headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/**
 * As X-Ray's instrumentation of the SDK flags a failed call: a throttle (DynamoDB's
 * throttling errors, or a 429), a fault (5xx, or no answer at all: a timeout, a refused
 * connection), else a client error (the other 4xx).
 */
function failureKind(error: SdkError): DynamoDbFailureKind {
  const status = error.$metadata?.httpStatusCode
  if (isThrottlingError(error) || status === 429) return 'throttle'
  if (status === undefined || status >= 500) return 'fault'
  return 'client'
}

/** The SDK's classification of a failed attempt, which its retry strategy decides on. */
function retryErrorType(error: SdkError): RetryErrorType {
  if (isThrottlingError(error)) return 'THROTTLING'
  if (isTransientError(error)) return 'TRANSIENT'
  if (isServerError(error)) return 'SERVER_ERROR'
  return 'CLIENT_ERROR'
}

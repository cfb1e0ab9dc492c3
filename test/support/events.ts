import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
} from 'aws-lambda'
import { parse } from 'lossless-json'
import type { LambdaHandler } from '../../src/lambda/lambda-handler.js'
import { toProxyEvent } from '../../src/local/proxy-event.js'

let sequence = 0

/** The REST proxy event API Gateway sends for a request to /Prod{path}. */
export function restEvent(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): APIGatewayProxyEvent {
  sequence += 1
  return toProxyEvent({
    method,
    url: new URL(`http://api.test/Prod${path}`),
    headers,
    body: Buffer.from(body ?? ''),
    requestId: `test-request-${sequence}`,
    sourceIp: '127.0.0.1',
  })
}

/** The HTTP API (v2) event for a request to `/{stage}{path}`, or `{path}` on `$default`. */
export function httpApiEvent(
  method: string,
  path: string,
  body: string | null,
  {
    stage = 'Prod',
    isBase64Encoded = false,
    headers = { 'content-type': 'application/json' },
  }: { stage?: string; isBase64Encoded?: boolean; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  sequence += 1
  const rawPath = stage === '$default' ? path : `/${stage}${path}`
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath,
    rawQueryString: '',
    headers,
    ...(body === null ? {} : { body }),
    isBase64Encoded,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      routeKey: `${method} ${path}`,
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      requestId: `test-v2-request-${sequence}`,
      stage,
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
    },
  }
}

export interface CallResult {
  readonly status: number
  readonly headers: Record<string, unknown>
  /** The body parsed losslessly: long numbers are LosslessNumber. */
  readonly json: unknown
  readonly text: string
}

/** POSTs an envelope to /Prod/DynamoDBManager through the handler, as API Gateway would. */
export async function callManager(
  handler: LambdaHandler,
  envelope: unknown | string,
): Promise<CallResult> {
  const body = typeof envelope === 'string' ? envelope : JSON.stringify(envelope)
  return call(handler, restEvent('POST', '/DynamoDBManager', body))
}

export async function call(handler: LambdaHandler, event: unknown): Promise<CallResult> {
  const result = (await handler(event, { awsRequestId: 'context-id' })) as APIGatewayProxyResult
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    json: parse(result.body),
    text: result.body,
  }
}

import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { APIGatewayProxyResult } from 'aws-lambda'
import { ErrorCode } from '../core/error-table.js'
import { type ApiError, asApiError, PayloadTooLargeError } from '../core/errors.js'
import type { Log } from '../core/log.js'
import { errorResponse } from '../http/api-response.js'
import { toProxyResult } from '../lambda/api-gateway-events.js'
import type { LambdaHandler } from '../lambda/lambda-handler.js'
import { createApiKeyCheck } from './api-key.js'
import type { LocalRoutes } from './console/routes.js'
import { toProxyEvent } from './proxy-event.js'
import { ClientGone, receiveBody } from './request-body.js'
import { requestUrl } from './request-url.js'

export interface GatewayOptions {
  readonly handler: LambdaHandler
  readonly host: string
  readonly port: number
  readonly maxBodyBytes: number
  /** When set, every route but /health needs it in `x-api-key`. */
  readonly apiKey?: string | undefined
  readonly log: Log
  /** Routes served beside the API and not through the handler: the console (answers true). */
  readonly localRoutes?: LocalRoutes
}

export interface RunningGateway {
  readonly url: URL
  readonly server: Server
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes. */
  stop(graceMs?: number): Promise<void>
}

function send(response: ServerResponse, result: APIGatewayProxyResult, requestId: string): void {
  // A string body goes out in one write with the headers; node writes a Buffer separately.
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body
  response.writeHead(result.statusCode, {
    ...result.headers,
    'Content-Length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
    // API Gateway adds the request id to every answer; clients quote it in bug reports.
    'x-amzn-RequestId': requestId,
  })
  response.end(body)
}

/** Refuses a request: answers and closes the connection, which cannot be reused after it. */
function refuse(response: ServerResponse, error: ApiError, requestId: string): void {
  response.setHeader('Connection', 'close')
  send(response, toProxyResult(errorResponse(error, requestId)), requestId)
}

/**
 * Node's defaults let a client hold a connection for minutes; these follow API Gateway,
 * which gives up on a request after 29 s, so that slow clients cannot pile connections up.
 */
const SERVER_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
} as const

/**
 * The local stand-in for API Gateway: checks the API key (when one is set), turns each
 * HTTP request into the REST proxy event API Gateway would send, calls the Lambda handler
 * in-process, and writes its answer back. Routing, validation and errors are the
 * handler's, as on AWS. Bodies are never logged; at DEBUG level each request gets one line.
 */
export function startGateway({
  handler,
  host,
  port,
  maxBodyBytes,
  apiKey,
  log,
  localRoutes,
}: GatewayOptions): Promise<RunningGateway> {
  const refusalFor = createApiKeyCheck(apiKey)

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (await localRoutes?.(request, response)) return
    const requestId = randomUUID()
    const started = performance.now()
    const url = requestUrl(request.url)
    const refusal = refusalFor(url.pathname, request.headers)
    if (refusal !== undefined) {
      // Its body is not used, but read (and thrown away) so that the client reads the answer.
      await receiveBody(request, 0)
      refuse(response, refusal, requestId)
      return
    }
    const received = await receiveBody(request, maxBodyBytes)
    if (received.tooLarge) {
      const tooLarge = new PayloadTooLargeError(
        ErrorCode.PayloadTooLarge,
        `The request body is larger than the limit of ${maxBodyBytes} bytes (MAX_BODY_BYTES). DynamoDB items are at most 400 KB.`,
      )
      refuse(response, tooLarge, requestId)
      return
    }
    const event = toProxyEvent({
      method: request.method ?? 'GET',
      url,
      headers: request.headers,
      body: received.body,
      requestId,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    })
    const result = (await handler(event, { awsRequestId: requestId })) as APIGatewayProxyResult
    send(response, result, requestId)
    log.debug('request', {
      requestId,
      method: event.httpMethod,
      path: url.pathname,
      status: result.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    })
  }

  const server = createServer(SERVER_TIMEOUTS, (request, response) => {
    serve(request, response).catch((thrown: unknown) => {
      if (thrown instanceof ClientGone) {
        log.debug('client closed the connection before sending its whole request')
        response.destroy()
        return
      }
      // The handler answers every proxy event itself; this is the last line of defence.
      const requestId = randomUUID()
      log.error('gateway failed', { requestId, error: thrown })
      if (!response.headersSent) {
        send(response, toProxyResult(errorResponse(asApiError(thrown), requestId)), requestId)
      } else {
        response.destroy()
      }
    })
  })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address() as AddressInfo
      const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address
      resolve({
        url: new URL(`http://${hostname}:${address.port}`),
        server,
        stop: (graceMs = 500) => closeServer(server, graceMs),
      })
    })
  })
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs)
    server.close(() => {
      clearTimeout(deadline)
      resolve()
    })
    // Idle keep-alive connections would hold close() open: no request is in flight on them.
    server.closeIdleConnections()
  })
}

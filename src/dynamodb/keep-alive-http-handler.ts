import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

export interface KeepAliveHttpHandlerOptions {
  /** Budget of one attempt, connecting included; past it the attempt fails with a TimeoutError. */
  readonly requestTimeoutMs: number
  /** Connections kept per endpoint: the DynamoDB calls that can be in flight at once. */
  readonly maxSockets?: number
}

/** One signed request, in the shape the SDK's signer (SignatureV4) takes and returns. */
export interface OutgoingRequest {
  readonly protocol: string
  readonly hostname: string
  readonly port?: number
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body?: string
}

export interface ReceivedResponse {
  readonly statusCode: number
  readonly headers: IncomingMessage['headers']
  /** The whole body: DynamoDB's answers are JSON, at most a page (1 MB) of items. */
  readonly body: Buffer
}

/**
 * DynamoDB's transport: one keep-alive connection pool per protocol and one timer per
 * attempt. The SDK's NodeHttpHandler arms four timers and several socket listeners on
 * every request; on the local stack's hot path that was a tenth of the SDK's CPU (see
 * docs/benchmarks.md).
 */
export class KeepAliveHttpHandler {
  private readonly httpAgent: HttpAgent
  private readonly httpsAgent: HttpsAgent
  private readonly requestTimeoutMs: number

  constructor({ requestTimeoutMs, maxSockets = 64 }: KeepAliveHttpHandlerOptions) {
    this.requestTimeoutMs = requestTimeoutMs
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets })
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets })
  }

  handle(request: OutgoingRequest): Promise<ReceivedResponse> {
    return new Promise((resolve, reject) => {
      const secure = request.protocol === 'https:'
      const options = {
        // An IPv6 literal arrives in brackets, which node:http does not take.
        host: request.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: request.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      }
      const onResponse = (response: IncomingMessage) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', fail)
        response.on('end', () => {
          clearTimeout(timer)
          resolve({
            statusCode: response.statusCode ?? -1,
            headers: response.headers,
            body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
          })
        })
      }
      const outgoing = secure ? httpsRequest(options, onResponse) : httpRequest(options, onResponse)
      const timer = setTimeout(() => {
        outgoing.destroy(
          Object.assign(new Error(`No answer within ${this.requestTimeoutMs} ms`), {
            name: 'TimeoutError',
          }),
        )
      }, this.requestTimeoutMs)
      function fail(error: Error) {
        clearTimeout(timer)
        reject(error)
      }
      outgoing.on('error', fail)
      outgoing.end(request.body)
    })
  }

  destroy(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }
}

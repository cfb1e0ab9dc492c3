import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { buildQueryString, HttpResponse } from '@smithy/core/protocols'
import type { HttpHandlerOptions, HttpRequest } from '@smithy/types'

export interface KeepAliveHttpHandlerOptions {
  /** Budget of one attempt, connecting included; past it the attempt fails with a TimeoutError. */
  readonly requestTimeoutMs: number
  /** Connections kept per endpoint: the DynamoDB calls that can be in flight at once. */
  readonly maxSockets?: number
}

/**
 * The SDK's request handler, pared down to what a DynamoDB call needs: one keep-alive
 * connection pool, one timer per attempt, and the whole (small, JSON) response read into
 * memory before the SDK parses it. The SDK's own NodeHttpHandler arms four timers and
 * several socket listeners on every request; on the local stack's hot path that was a
 * tenth of the SDK's CPU (see docs/benchmarks.md). Retries, signing and parsing stay the
 * SDK's.
 */
export class KeepAliveHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' }
  private readonly httpAgent: HttpAgent
  private readonly httpsAgent: HttpsAgent
  private readonly requestTimeoutMs: number

  constructor({ requestTimeoutMs, maxSockets = 64 }: KeepAliveHttpHandlerOptions) {
    this.requestTimeoutMs = requestTimeoutMs
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets })
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets })
  }

  handle(
    request: HttpRequest,
    { abortSignal }: HttpHandlerOptions = {},
  ): Promise<{ response: HttpResponse }> {
    return new Promise((resolve, reject) => {
      if (abortSignal?.aborted) {
        reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }))
        return
      }
      const secure = request.protocol === 'https:'
      const query = request.query ? buildQueryString(request.query) : ''
      const options = {
        // An IPv6 literal arrives in brackets, which node:http does not take.
        host: request.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: request.port,
        method: request.method,
        path: query ? `${request.path}?${query}` : request.path,
        headers: request.headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      }
      const onResponse = (response: IncomingMessage) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', fail)
        response.on('end', () => {
          settle()
          resolve({
            response: new HttpResponse({
              statusCode: response.statusCode ?? -1,
              reason: response.statusMessage,
              headers: flattenHeaders(response.headers),
              body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
            }),
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
      // The SDK passes a standard AbortSignal when the caller gave one.
      const signal = abortSignal as globalThis.AbortSignal | undefined
      const onAbort = () =>
        outgoing.destroy(Object.assign(new Error('Request aborted'), { name: 'AbortError' }))
      signal?.addEventListener('abort', onAbort, { once: true })
      function settle() {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      function fail(error: Error) {
        settle()
        reject(error)
      }
      outgoing.on('error', fail)
      outgoing.end(request.body as string | Uint8Array | undefined)
    })
  }

  updateHttpClientConfig(): void {
    // Nothing is configurable after construction.
  }

  httpHandlerConfigs(): Record<string, never> {
    return {}
  }

  destroy(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }
}

/** Node gives repeated headers as arrays; the SDK expects one comma-joined string per name. */
function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(',') : value
  }
  return flat
}

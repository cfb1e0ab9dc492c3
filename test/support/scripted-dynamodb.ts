import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

const CONTENT_TYPE = 'application/x-amz-json-1.0'

/** One request as the scripted DynamoDB saw it, with `performance.now()` times. */
export interface ScriptedExchange {
  /** The request's X-Amz-Target (e.g. `DynamoDB_20120810.GetItem`). */
  readonly target: string
  /** When its headers arrived. */
  readonly arrivedAt: number
  /** When the client closed the connection before any answer: it gave up on the request. */
  abandonedAt?: number
}

export interface ScriptedDynamoDb {
  readonly endpoint: URL
  /** Requests received, by X-Amz-Target (e.g. `DynamoDB_20120810.GetItem`). */
  readonly received: string[]
  /** Requests received, in order, with when each arrived and when it was abandoned. */
  readonly exchanges: ScriptedExchange[]
  stop(): Promise<void>
}

export interface ScriptOptions {
  /** The first `hangFirst` requests get no answer at all; the later ones get the status. */
  readonly hangFirst?: number
  /** Only the first `failFirst` requests get the status; the later ones succeed (200, `{}`). */
  readonly failFirst?: number
}

/**
 * An HTTP server that speaks DynamoDB's error protocol and nothing else: every request gets
 * the given status and error type (or, with `failFirst`, only the first few). It stands in for what dynalite cannot produce on demand,
 * such as throttling, an access-denied answer or no answer at all, over a real socket
 * through the real SDK.
 */
export async function startScriptedDynamoDb(
  status: number | 'hang',
  errorType = '',
  { hangFirst = 0, failFirst = Number.POSITIVE_INFINITY }: ScriptOptions = {},
): Promise<ScriptedDynamoDb> {
  const received: string[] = []
  const exchanges: ScriptedExchange[] = []
  const server: Server = createServer((request, response) => {
    const exchange: ScriptedExchange = {
      target: String(request.headers['x-amz-target']),
      arrivedAt: performance.now(),
    }
    received.push(exchange.target)
    exchanges.push(exchange)
    response.on('close', () => {
      if (!response.writableFinished) exchange.abandonedAt = performance.now()
    })
    const hang = status === 'hang' || exchanges.length <= hangFirst
    request.resume()
    request.on('end', () => {
      // A hung engine: the connection is accepted and the request read, but no answer comes.
      if (hang) return
      if (exchanges.length > failFirst) {
        response.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': 'scripted' })
        response.end('{}')
        return
      }
      const body = JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${errorType}`,
        message: `scripted ${errorType}`,
      })
      response.writeHead(status, {
        'Content-Type': CONTENT_TYPE,
        'x-amzn-RequestId': 'scripted',
      })
      response.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    received,
    exchanges,
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

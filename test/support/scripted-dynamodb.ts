import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

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
}

/**
 * An HTTP server that speaks DynamoDB's error protocol and nothing else: every request gets
 * the given status and error type. It stands in for what dynalite cannot produce on demand,
 * such as throttling, an access-denied answer or no answer at all, over a real socket
 * through the real SDK.
 */
export async function startScriptedDynamoDb(
  status: number | 'hang',
  errorType = '',
  { hangFirst = 0 }: ScriptOptions = {},
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
      const body = JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${errorType}`,
        message: `scripted ${errorType}`,
      })
      response.writeHead(status, {
        'Content-Type': 'application/x-amz-json-1.0',
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

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ScriptedDynamoDb {
  readonly endpoint: URL
  /** Requests received, by X-Amz-Target (e.g. `DynamoDB_20120810.GetItem`). */
  readonly received: string[]
  stop(): Promise<void>
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
): Promise<ScriptedDynamoDb> {
  const received: string[] = []
  const server: Server = createServer((request, response) => {
    received.push(String(request.headers['x-amz-target']))
    request.resume()
    request.on('end', () => {
      // A hung engine: the connection is accepted and the request read, but no answer comes.
      if (status === 'hang') return
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
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

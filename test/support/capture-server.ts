import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { freePort } from './free-port.js'

export interface CapturedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export interface CaptureServer {
  readonly url: URL
  readonly requests: CapturedRequest[]
  close(): Promise<void>
}

/**
 * An HTTP server on 127.0.0.1 that records what it receives and answers with a fixed status
 * and body: it stands in for a deployed API Gateway, to see what a client sends to one.
 */
export async function startCaptureServer(
  answer: { status: number; body: string; headers?: Record<string, string> } = {
    status: 200,
    body: '{}',
  },
): Promise<CaptureServer> {
  const requests: CapturedRequest[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      })
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** A URL on 127.0.0.1 where nothing listens: a port that was free a moment ago. */
export async function closedPortUrl(): Promise<URL> {
  return new URL(`http://127.0.0.1:${await freePort()}`)
}

/** A SigV4 `X-Amz-Date` stamp (`20261125T213800Z`) as the Date it names. */
export function parseAmzDate(stamp: string): Date {
  return new Date(
    stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  )
}

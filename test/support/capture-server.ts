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

/** What a recording server answers: a status, a body, and headers beyond the JSON type. */
export interface Answer {
  readonly status: number
  readonly body: string
  readonly headers?: Record<string, string>
}

/** An HTTP server on 127.0.0.1 that records each request and answers it as `respond` says. */
async function startRecordingServer(
  respond: (request: CapturedRequest) => Answer | Promise<Answer>,
): Promise<CaptureServer> {
  const requests: CapturedRequest[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', async () => {
      const captured = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      }
      requests.push(captured)
      const answer = await respond(captured)
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

/**
 * An HTTP server on 127.0.0.1 that records what it receives and answers with a fixed status
 * and body: it stands in for a deployed API Gateway, to see what a client sends to one.
 */
export function startCaptureServer(
  answer: Answer = { status: 200, body: '{}' },
): Promise<CaptureServer> {
  return startRecordingServer(() => answer)
}

/**
 * An HTTP server on 127.0.0.1 that records each request and never answers it: an API that
 * hangs, for a client's timeout. close() drops the connections it holds.
 */
export function startSilentServer(): Promise<CaptureServer> {
  return startRecordingServer(() => new Promise<Answer>(() => {}))
}

/**
 * A recording server in front of a real API (the local stack): it records each request, as
 * signed for API Gateway, and passes its method, path, body, content type and API key on,
 * unless `instead` answers it itself (to make one step of a sequence fail, say, or, with a
 * promise that never settles, hang).
 */
export function startRecordingProxy(
  target: URL,
  instead: (request: CapturedRequest) => Answer | Promise<Answer> | undefined = () => undefined,
): Promise<CaptureServer> {
  return startRecordingServer(async (request) => {
    const own = instead(request)
    if (own !== undefined) return own
    const apiKey = request.headers['x-api-key']
    const response = await fetch(new URL(request.path, target), {
      method: request.method,
      headers: {
        'content-type': request.headers['content-type'] ?? 'application/json',
        ...(typeof apiKey === 'string' ? { 'x-api-key': apiKey } : {}),
      },
      ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: request.body }),
    })
    return { status: response.status, body: await response.text() }
  })
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

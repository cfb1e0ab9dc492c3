import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningGateway, startGateway } from '../../src/local/gateway.js'
import { recordingLog } from '../support/recording-log.js'

const MAX_BODY_BYTES = 1024
const API_KEY = 'the-right-key'
const MiB = 1024 * 1024

interface RawExchange {
  /** Everything the server sent back, as text. */
  readonly answer: string
  /** The error writing the request met, if the server closed the connection under it. */
  readonly writeError: string | undefined
  /** The error reading the answer met (a reset), if any. */
  readonly readError: string | undefined
}

/**
 * Sends a request over a plain socket, all of it, before reading the answer: the way a
 * client that does not watch for an early answer (most of them) sends a body.
 */
function exchange(url: URL, head: string, body: readonly Buffer[]): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname)
    const received: Buffer[] = []
    let writeError: string | undefined
    let readError: string | undefined
    socket.on('data', (chunk) => received.push(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.syscall === 'write') writeError ??= error.code
      else readError ??= error.code
    })
    socket.on('close', () =>
      resolve({ answer: Buffer.concat(received).toString(), writeError, readError }),
    )
    socket.write(head)
    for (const piece of body) socket.write(piece)
    // The client's half of the exchange is done; the server closes its half after answering.
    socket.end()
  })
}

const headers = (fields: Record<string, string | number>) =>
  `POST /Prod/DynamoDBManager HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${Object.entries(
    fields,
  )
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`

/** A body of `size` bytes, in pieces of 64 KiB; `chunked` frames them as Transfer-Encoding does. */
function bodyOf(size: number, chunked: boolean): Buffer[] {
  const piece = Buffer.alloc(64 * 1024, 'x')
  const pieces = Array.from({ length: Math.ceil(size / piece.byteLength) }, () => piece)
  if (!chunked) return pieces
  return [
    ...pieces.flatMap((each) => [
      Buffer.from(`${each.byteLength.toString(16)}\r\n`),
      each,
      Buffer.from('\r\n'),
    ]),
    Buffer.from('0\r\n\r\n'),
  ]
}

describe('the local gateway, refusing a request before its body is read', () => {
  let gateway: RunningGateway

  beforeAll(async () => {
    gateway = await startGateway({
      handler: async () => ({
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: MAX_BODY_BYTES,
      apiKey: API_KEY,
      log: recordingLog(),
    })
  })

  afterAll(async () => {
    await gateway?.stop()
  })

  // Bodies far bigger than the sockets' buffers: a server that answers and closes without
  // reading them makes the client's writes fail, and its TCP stack may drop the answer.
  it.each<[string, number, string, Record<string, string | number>, boolean]>([
    [
      'a body over MAX_BODY_BYTES, its length declared',
      413,
      'PayloadTooLarge',
      { 'x-api-key': API_KEY, 'Content-Length': 12 * MiB },
      false,
    ],
    [
      'a chunked body that grows past MAX_BODY_BYTES',
      413,
      'PayloadTooLarge',
      { 'x-api-key': API_KEY, 'Transfer-Encoding': 'chunked' },
      true,
    ],
    ['a large body without an API key', 401, 'Unauthorized', { 'Content-Length': 12 * MiB }, false],
    [
      'a large body with a wrong API key',
      403,
      'Forbidden',
      { 'x-api-key': 'wrong', 'Content-Length': 12 * MiB },
      false,
    ],
  ])(
    '%s: the client sends all of it, then reads the answer, %i %s',
    async (_name, status, code, fields, chunked) => {
      // Act
      const { answer, writeError, readError } = await exchange(
        gateway.url,
        headers(fields),
        bodyOf(12 * MiB, chunked),
      )
      const after = await fetch(new URL('/Prod/DynamoDBManager', gateway.url), {
        method: 'POST',
        headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
        body: '{"operation":"ping"}',
      })

      // Assess
      expect({ writeError, readError }).toEqual({ writeError: undefined, readError: undefined })
      expect(answer).toMatch(new RegExp(`^HTTP/1.1 ${status} `))
      // The refused request's connection is not reused: the next request opens another.
      expect(answer).toMatch(/\r\nConnection: close\r\n/i)
      expect(answer).toContain(`"code":"${code}"`)
      expect(after.status).toBe(200)
    },
  )

  it('answers a body declared bigger than it will ever read at once, without waiting for it', async () => {
    // Act: a gigabyte announced, none of it sent.
    const { answer } = await exchange(
      gateway.url,
      headers({ 'x-api-key': API_KEY, 'Content-Length': 1024 * MiB }),
      [],
    )

    // Assess
    expect(answer).toMatch(/^HTTP\/1.1 413 /)
    expect(answer).toContain('"code":"PayloadTooLarge"')
  })

  it('stops reading a chunked body that never ends, and closes the connection', async () => {
    // Act: far more than the gateway reads and throws away.
    const { writeError, readError } = await exchange(
      gateway.url,
      headers({ 'x-api-key': API_KEY, 'Transfer-Encoding': 'chunked' }),
      bodyOf(256 * MiB, true),
    )

    // Assess: the server hung up on the client before it could send it all.
    expect(writeError ?? readError).toMatch(/^(EPIPE|ECONNRESET)$/)
  })
})

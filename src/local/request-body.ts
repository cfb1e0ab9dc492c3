import type { IncomingMessage } from 'node:http'

/**
 * How much of a request's body the gateway reads in all, keeping what it may use and throwing
 * the rest away, before it answers. A server that answers and closes while the client is
 * still sending resets the connection under the client, whose TCP stack may then drop the
 * answer (RFC 9112, section 9.6): the client would see EPIPE or ECONNRESET instead of its
 * 413 (or 401/403). Past this many bytes, or a body declared longer, the gateway answers at
 * once; node's requestTimeout bounds the time either way.
 */
const READ_AT_MOST_BYTES = 16 * 1024 * 1024

/** The client went away before its request was read: nothing to answer, nothing wrong here. */
export class ClientGone extends Error {}

/** A request's body, or word that it is larger than the gateway keeps. */
export type ReceivedBody =
  | { readonly tooLarge: false; readonly body: Buffer }
  | { readonly tooLarge: true }

/**
 * Reads a request's body, keeping at most `keepBytes` of it, so that a large body is never
 * buffered whole. Past `keepBytes` it keeps nothing more but goes on reading, up to
 * READ_AT_MOST_BYTES in all, so that the client can read the answer that refuses it.
 * Rejects with ClientGone when the client goes away before the body is read.
 *
 * @example
 * const received = await receiveBody(request, maxBodyBytes)
 * if (received.tooLarge) refuse(…413…)
 */
export function receiveBody(request: IncomingMessage, keepBytes: number): Promise<ReceivedBody> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > READ_AT_MOST_BYTES) {
      resolve({ tooLarge: true })
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size <= keepBytes) chunks.push(chunk)
      else if (size > READ_AT_MOST_BYTES) {
        stop()
        request.pause()
        resolve({ tooLarge: true })
      }
    }
    const onEnd = () => {
      stop()
      resolve(
        size > keepBytes
          ? { tooLarge: true }
          : {
              tooLarge: false,
              body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
            },
      )
    }
    // Gone before the end: there is no whole request to answer. A body already too large is
    // answered anyway (the answer goes nowhere, and node closes the socket).
    const onClose = () => {
      stop()
      if (size > keepBytes) resolve({ tooLarge: true })
      else reject(new ClientGone())
    }
    request.on('data', onData)
    request.once('end', onEnd)
    request.once('close', onClose)
    request.once('error', onClose)
  })
}

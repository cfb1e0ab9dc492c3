import { createSocket, type Socket } from 'node:dgram'
import type { LookupOneOptions } from 'node:dns'
import { isIP } from 'node:net'

/** What precedes each document in a datagram to the X-Ray daemon. */
const HEADER = '{"format":"json","version":1}\n'

/** Sends one segment document to the X-Ray daemon. */
export type SegmentSender = (document: object) => void

/**
 * The daemon's UDP address from `AWS_XRAY_DAEMON_ADDRESS`: `host:port`, or the daemon's
 * two-address form `tcp:host:port udp:host:port` (the UDP one is ours). Undefined when
 * malformed.
 */
export function daemonUdpAddress(value: string): { host: string; port: number } | undefined {
  const parts = value.trim().split(/\s+/)
  const udp = parts.length > 1 ? parts.find((part) => part.startsWith('udp:'))?.slice(4) : parts[0]
  const match = udp?.match(/^(.+):(\d{1,5})$/)
  if (!match?.[1] || !match[2]) return undefined
  const port = Number(match[2])
  return port > 0 && port < 65_536 ? { host: match[1], port } : undefined
}

/**
 * A sender of segment documents to the X-Ray daemon, as X-Ray's SDKs send them: one JSON
 * document per UDP datagram, after a header line. UDP asks nothing of the daemon: a document
 * is sent in microseconds and nobody waits for it. The socket does not keep the process
 * alive, and a failed send is dropped (a trace is never worth an invocation's answer); the
 * first failure is reported once through `onError`.
 */
export function daemonSender(
  address: { host: string; port: number },
  onError: (error: Error) => void,
): SegmentSender {
  let socket: Socket | undefined
  let reported = false
  const report = (error: Error | null) => {
    if (error === null || reported) return
    reported = true
    onError(error)
  }
  return (document) => {
    if (socket === undefined) {
      socket = createSocket({
        type: address.host.includes(':') ? 'udp6' : 'udp4',
        lookup: literalAddressLookup,
      })
      socket.on('error', report)
      socket.unref()
    }
    socket.send(HEADER + JSON.stringify(document), address.port, address.host, report)
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string, family: number) => void

/**
 * dgram resolves every address it binds or sends to through dns.lookup, an IP literal too, and
 * the first call loads the dns module and builds its resolver: milliseconds of a cold start,
 * for the daemon address Lambda gives as a literal (169.254.79.129:2000). A literal is
 * answered at once; a host name still goes to dns.lookup.
 */
function literalAddressLookup(
  hostname: string,
  options: LookupOneOptions | number,
  callback: LookupCallback,
): void {
  const literal = isIP(hostname)
  if (literal !== 0) {
    process.nextTick(callback, null, hostname, literal)
    return
  }
  // dgram passes the family as a number (Node 20 to 24); the types say options.
  const family = typeof options === 'number' ? options : (options.family ?? 0)
  import('node:dns').then(
    ({ lookup }) => lookup(hostname, { family: family as 0 | 4 | 6 }, callback),
    (error: NodeJS.ErrnoException) => callback(error, '', family as number),
  )
}

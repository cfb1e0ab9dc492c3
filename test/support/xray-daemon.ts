import { createSocket } from 'node:dgram'
import type { AddressInfo } from 'node:net'

/** A (sub)segment document as the X-Ray SDK sends it; the fields the tests read. */
export interface SegmentDocument {
  readonly id: string
  readonly name: string
  readonly trace_id: string
  readonly parent_id?: string
  readonly type?: string
  readonly start_time: number
  readonly end_time?: number
  readonly namespace?: string
  readonly aws?: Record<string, unknown>
  readonly http?: { readonly response?: { readonly status?: number } }
  readonly annotations?: Record<string, unknown>
  readonly error?: boolean
  readonly throttle?: boolean
  readonly fault?: boolean
  readonly cause?: { readonly exceptions: ReadonlyArray<{ readonly type?: string }> }
  readonly subsegments?: SegmentDocument[]
}

export interface XRayDaemon {
  /** `AWS_XRAY_DAEMON_ADDRESS` for the process under test. */
  readonly address: string
  /**
   * Every document received so far, in order of arrival, each followed by the subsegments
   * nested in it, which X-Ray reads as children of the document that holds them: given here
   * that document's `id` as their `parent_id` and its `trace_id`.
   */
  readonly documents: SegmentDocument[]
  /** Datagrams that were not a header line and a JSON document. */
  readonly malformed: string[]
  stop(): Promise<void>
}

const HEADER = { format: 'json', version: 1 }

/**
 * Stands in for the X-Ray daemon on 127.0.0.1: a UDP socket that receives what the daemon
 * would, one (sub)segment per datagram, `{"format":"json","version":1}` and a newline before
 * the document, and decodes it.
 */
export async function startXRayDaemon(): Promise<XRayDaemon> {
  const socket = createSocket('udp4')
  const documents: SegmentDocument[] = []
  const malformed: string[] = []
  socket.on('message', (message) => {
    const text = message.toString('utf8')
    const newline = text.indexOf('\n')
    try {
      const header: unknown = JSON.parse(text.slice(0, newline))
      if (newline < 0 || JSON.stringify(header) !== JSON.stringify(HEADER)) throw new Error()
      documents.push(...withNested(JSON.parse(text.slice(newline + 1)) as SegmentDocument))
    } catch {
      malformed.push(text)
    }
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address() as AddressInfo
  return {
    address: `127.0.0.1:${port}`,
    documents,
    malformed,
    stop: () => new Promise((resolve) => socket.close(() => resolve())),
  }
}

function withNested(document: SegmentDocument): SegmentDocument[] {
  const children = (document.subsegments ?? []).flatMap((child) =>
    withNested({ ...child, trace_id: document.trace_id, parent_id: document.id }),
  )
  return [document, ...children]
}

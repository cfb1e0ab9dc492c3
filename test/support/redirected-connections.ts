import { type ClientRequestArgs, Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { connect } from 'node:net'
import { onTestFinished, vi } from 'vitest'

/** A connection an HTTP client asked for, before it was sent elsewhere. */
export interface WantedConnection {
  readonly protocol: 'http:' | 'https:'
  readonly host: string
  readonly port: number
}

/**
 * Sends every connection that node's HTTP and HTTPS agents open, for the rest of the current
 * test, to `server` on this machine, in plain HTTP, and records where each was meant to go:
 * what a DNS answering 127.0.0.1 for every name would do, TLS aside. It lets a test see which
 * endpoint a client chose (a region's DynamoDB, say) and what it sent there, without reaching
 * the network. Must be called inside a test; the agents are restored when it finishes.
 */
export function redirectConnections(server: URL): { readonly wanted: WantedConnection[] } {
  const wanted: WantedConnection[] = []
  for (const [protocol, Agent] of [
    ['http:', HttpAgent],
    ['https:', HttpsAgent],
  ] as const) {
    const spy = vi
      .spyOn(Agent.prototype, 'createConnection')
      .mockImplementation((options: ClientRequestArgs) => {
        wanted.push({ protocol, host: String(options.host), port: Number(options.port) })
        return connect(Number(server.port), server.hostname)
      })
    onTestFinished(() => spy.mockRestore())
  }
  return { wanted }
}

import { createSocket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daemonSender } from '../../src/lambda/xray/daemon-socket.js'

/** A UDP listener on 127.0.0.1 standing in for the X-Ray daemon: it keeps what it receives. */
const daemon = createSocket('udp4')
const received: string[] = []
let waiting: (() => void) | undefined
daemon.on('message', (message) => {
  received.push(message.toString())
  waiting?.()
})

beforeAll(() => new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve)))
afterAll(() => daemon.close())

const port = () => (daemon.address() as AddressInfo).port
const nextDatagram = () =>
  new Promise<string>((resolve) => {
    waiting = () => resolve(received.at(-1) as string)
  })

describe('daemonSender', () => {
  it.each([
    ['an IP literal, as Lambda gives it (answered without the dns module)', '127.0.0.1'],
    ['a host name, resolved by dns.lookup', 'localhost'],
  ])('sends a header line and one document per datagram to %s', async (_, host) => {
    // Prepare
    const errors: Error[] = []
    const send = daemonSender({ host, port: port() }, (error) => errors.push(error))
    const arrived = nextDatagram()

    // Act
    send({ name: 'probe', id: host })

    // Assess
    const [header, document] = (await arrived).split('\n')
    expect(JSON.parse(header as string)).toEqual({ format: 'json', version: 1 })
    expect(JSON.parse(document as string)).toEqual({ name: 'probe', id: host })
    expect(errors).toEqual([])
  })

  it('reports a host name that does not resolve once, and keeps serving', async () => {
    // Prepare
    const errors: Error[] = []
    const send = daemonSender({ host: 'no-such-host.invalid', port: port() }, (error) =>
      errors.push(error),
    )

    // Act
    send({ n: 1 })
    send({ n: 2 })
    await new Promise((resolve) => setTimeout(resolve, 500))

    // Assess
    expect(errors).toHaveLength(1)
    expect((errors[0] as NodeJS.ErrnoException).code).toMatch(/ENOTFOUND|EAI_AGAIN/)
  })
})

import { connect, createServer } from 'node:net'

/** A port free on 127.0.0.1 right now, for tools that cannot be told to pick one. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Polls `url` until it answers 200; resolves with the milliseconds since `since`. */
export async function waitFor200(url: string, since: number, timeoutMs = 30_000): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    const ok = await fetch(url).then(
      (response) => response.status === 200,
      () => false,
    )
    if (ok) return performance.now() - since
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`)
}

/**
 * Polls 127.0.0.1:`port` every 10 ms until something accepts a connection there; resolves
 * with `performance.now()` at that moment: when a restarted server is back, measured apart
 * from when it says so.
 */
export async function waitForListener(port: number, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (accepted) return performance.now()
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`nothing accepted connections on port ${port} within ${timeoutMs} ms`)
}

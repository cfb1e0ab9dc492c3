import { createServer } from 'node:net'

/**
 * Whether something listens on host:port already: a listen attempt, closed at once. Used
 * after the engine found its port taken, to name the gateway's too when it is taken as well,
 * so that one attempt tells the user everything to change. Port 0 is never taken.
 */
export function isPortTaken(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false)
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'))
    server.listen(port, host, () => server.close(() => resolve(false)))
  })
}

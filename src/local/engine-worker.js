// @ts-check
/**
 * The embedded DynamoDB engine (dynalite), in a worker thread of the local stack: it gets a
 * core of its own while the gateway's thread runs the handler, and it dies with the process,
 * so a kill -9 of `npm start` leaves no orphan holding the data folder's lock.
 *
 * Plain JavaScript (type-checked through JSDoc) because a worker thread does not inherit the
 * TypeScript loader of `npm start` or of the test runner; it imports only JavaScript.
 *
 * Protocol with engine.ts: workerData is an EngineWorkerData; the worker posts `listening`
 * (or `failed`), and on a `stop` message closes the server and the database, then posts
 * `stopped`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import dynalite from 'dynalite'
import { isDataFolderLocked } from './data-folder-lock.js'

/** @typedef {import('./engine-protocol.js').EngineWorkerData} EngineWorkerData */
/** @typedef {import('./engine-protocol.js').EngineWorkerMessage} EngineWorkerMessage */

const { dataPath, host, port } = /** @type {EngineWorkerData} */ (workerData)

/** @param {EngineWorkerMessage} message */
function post(message) {
  parentPort?.postMessage(message)
}

async function start() {
  if (dataPath !== undefined && (await isDataFolderLocked(dataPath))) {
    post({ type: 'failed', reason: 'data-folder-in-use' })
    return
  }
  // Table state changes (CREATING → ACTIVE) are instant: nothing waits locally.
  const server = dynalite({ path: dataPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  server.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
    const reason = error.code === 'EADDRINUSE' ? 'port-in-use' : 'error'
    post({ type: 'failed', reason, detail: error.message })
  })
  server.listen(port, host, () => {
    const address = /** @type {import('node:net').AddressInfo} */ (server.address())
    post({ type: 'listening', port: address.port })
  })
  parentPort?.on('message', (/** @type {{ type: string }} */ message) => {
    if (message.type !== 'stop') return
    // Keep-alive connections from the SDK would hold close() open until they time out.
    server.closeAllConnections()
    server.close((error) => post({ type: 'stopped', detail: error?.message }))
  })
}

start().catch((/** @type {unknown} */ error) => {
  post({
    type: 'failed',
    reason: 'error',
    detail: error instanceof Error ? error.message : String(error),
  })
})

import { Worker } from 'node:worker_threads'
import type { EngineWorkerData, EngineWorkerMessage } from './engine-protocol.js'
import {
  dataFolderInUse,
  engineFailedToStart,
  LocalStackError,
  portInUse,
} from './local-stack-error.js'

/** Where the engine keeps its data and listens: what its worker is started with. */
export type EngineOptions = EngineWorkerData

export interface RunningEngine {
  /** The engine's DynamoDB endpoint: point the SDK, awscli or NoSQL Workbench at it. */
  readonly endpoint: URL
  /** Closes the server and the database: every acknowledged write is on disk after it. */
  stop(): Promise<void>
}

// A plain JavaScript file, so that it loads the same from src/ (tsx, vitest) and from dist/.
const workerUrl = new URL('./engine-worker.js', import.meta.url)

function failure(
  message: Extract<EngineWorkerMessage, { type: 'failed' }>,
  options: EngineOptions,
): LocalStackError {
  switch (message.reason) {
    case 'data-folder-in-use':
      return dataFolderInUse(options.dataPath)
    case 'port-in-use':
      return portInUse('DYNAMODB_PORT', options.port, options.host)
    default:
      return engineFailedToStart(message.detail ?? 'unknown error')
  }
}

/**
 * Starts the embedded DynamoDB engine (dynalite) in a worker thread, listening on
 * host:port like any DynamoDB endpoint.
 *
 * @example
 * const engine = await startEngine({ dataPath: '.data', host: '127.0.0.1', port: 8000 })
 * // … aws dynamodb scan --table-name lambda-apigateway --endpoint-url http://127.0.0.1:8000
 * await engine.stop()
 */
export function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const workerData: EngineWorkerData = options
  const worker = new Worker(workerUrl, { workerData, name: 'dynamodb-engine' })
  return new Promise((resolve, reject) => {
    const onStartupFailure = (error: Error) => reject(engineFailedToStart(error.message))
    worker.once('error', onStartupFailure)
    worker.once('message', (message: EngineWorkerMessage) => {
      worker.off('error', onStartupFailure)
      if (message.type !== 'listening') {
        void worker.terminate()
        reject(
          message.type === 'failed'
            ? failure(message, options)
            : new LocalStackError('The engine stopped during start-up.'),
        )
        return
      }
      const host = options.host.includes(':') ? `[${options.host}]` : options.host
      resolve({
        endpoint: new URL(`http://${host}:${message.port}`),
        stop: () => stopWorker(worker),
      })
    })
  })
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    worker.once('message', () => {
      void worker.terminate().then(() => resolve())
    })
    worker.once('exit', () => resolve())
    worker.postMessage({ type: 'stop' })
  })
}

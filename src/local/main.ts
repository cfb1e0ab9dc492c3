/**
 * `npm start`: the local stack. This entry reads the settings and checks the data folder
 * before it loads the heavy modules (the AWS SDK, the engine), so that a malformed setting
 * or a folder in use is reported at once.
 */
import { ConfigError } from '../config/env.js'
import { type LocalConfig, loadLocalConfig } from '../config/local-config.js'
import { loadServiceConfig, type ServiceConfig } from '../config/service-config.js'
import { prepareDataFolder } from './data-folder.js'
import { LocalExitCode, LocalStackError } from './local-stack-error.js'

/** SIGINT and SIGTERM must end the process within a second; this bounds every step of it. */
const SHUTDOWN_DEADLINE_MS = 900

function readSettings(): { local: LocalConfig; service: ServiceConfig } {
  try {
    return { local: loadLocalConfig(process.env), service: loadServiceConfig(process.env) }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(LocalExitCode.SettingRefused)
    }
    throw error
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  const { local, service } = readSettings()
  const embeddedEngine = service.dynamoDbEndpoint === undefined
  if (embeddedEngine && local.dataPath !== undefined)
    await prepareDataFolder(local.dataPath, local.dataDir)
  const { startLocalStack } = await import('./local-stack.js')
  const { printBanner } = await import('./banner.js')
  // `npm run dev`: the handler is rebuilt on each change under src/ (dev/handler-reloader.ts).
  const stack = await startLocalStack(local, service, { watch: process.argv.includes('--watch') })
  printBanner({ stack, local, readyMs: performance.now() - started })

  let stopping = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    setTimeout(() => {
      console.error('Shutdown took too long; exiting.')
      process.exit(LocalExitCode.Failed)
    }, SHUTDOWN_DEADLINE_MS).unref()
    stack.stop().then(
      () => {
        console.log('Stopped cleanly.')
        process.exit(LocalExitCode.Stopped)
      },
      (error: unknown) => {
        console.error('Shutdown failed:', error)
        process.exit(LocalExitCode.Failed)
      },
    )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  if (error instanceof LocalStackError) {
    console.error(error.message)
    process.exit(error.exitCode)
  }
  console.error(error)
  process.exit(LocalExitCode.Failed)
})

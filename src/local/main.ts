/**
 * `npm start`: the local stack. The embedded DynamoDB engine (unless DYNAMODB_ENDPOINT names
 * another), the table, and the local gateway in front of the same handler Lambda runs.
 * Steps start in order and stop in reverse, as architect/sandbox does.
 */
import { mkdir } from 'node:fs/promises'
import { createDynamoDbClient } from '../aws/dynamodb-client.js'
import { ConfigError } from '../config/env.js'
import { type LocalConfig, loadLocalConfig } from '../config/local-config.js'
import { loadServiceConfig, type ServiceConfig } from '../config/service-config.js'
import { buildHandler, createLogger } from '../lambda/build-handler.js'
import { keyAttributesOf, TABLE } from '../table/definition.js'
import { printBanner } from './banner.js'
import { ensureTable } from './bootstrap.js'
import { createConsoleRoutes } from './console/routes.js'
import { type RunningEngine, startEngine } from './engine.js'
import { type RunningGateway, startGateway } from './gateway.js'
import { LocalStackError } from './local-stack-error.js'

/** SIGINT and SIGTERM must end the process within a second; this bounds every step of it. */
const SHUTDOWN_DEADLINE_MS = 900

export interface LocalStack {
  readonly gateway: RunningGateway
  readonly engine: RunningEngine | undefined
  readonly config: ServiceConfig
  stop(): Promise<void>
}

async function startLocalStack(local: LocalConfig, service: ServiceConfig): Promise<LocalStack> {
  let engine: RunningEngine | undefined
  if (service.dynamoDbEndpoint === undefined) {
    if (local.dataPath !== undefined) await mkdir(local.dataPath, { recursive: true })
    engine = await startEngine({
      dataPath: local.dataPath,
      host: local.host,
      port: local.dynamoDbPort,
    })
  }
  try {
    const config: ServiceConfig = {
      ...service,
      dynamoDbEndpoint: service.dynamoDbEndpoint ?? engine?.endpoint,
    }
    const bootstrapClient = createDynamoDbClient(config)
    try {
      await ensureTable(bootstrapClient, TABLE, config.tableName)
    } catch (error) {
      throw new LocalStackError(
        `Could not reach DynamoDB at ${config.dynamoDbEndpoint?.href ?? 'AWS'} to create table "${config.tableName}": ${(error as Error).message}`,
      )
    } finally {
      bootstrapClient.destroy()
    }
    const log = createLogger()
    const { handler } = buildHandler(config, process.env, log)
    const gateway = await startGateway({
      handler,
      host: local.host,
      port: local.port,
      maxBodyBytes: config.maxBodyBytes,
      log,
      localRoutes: createConsoleRoutes({
        tableName: config.tableName,
        keyAttributes: keyAttributesOf(TABLE),
      }),
    }).catch((error: NodeJS.ErrnoException) => {
      throw new LocalStackError(
        error.code === 'EADDRINUSE'
          ? `PORT ${local.port} on ${local.host} is in use. Stop what listens there, or set PORT to a free port.`
          : `The gateway cannot listen on ${local.host}:${local.port} (HOST, PORT): ${error.message}`,
      )
    })
    return {
      gateway,
      engine,
      config,
      async stop() {
        await gateway.stop()
        await engine?.stop()
      },
    }
  } catch (error) {
    await engine?.stop()
    throw error
  }
}

async function main(): Promise<void> {
  let local: LocalConfig
  let service: ServiceConfig
  try {
    local = loadLocalConfig(process.env)
    service = loadServiceConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(2)
    }
    throw error
  }
  const started = performance.now()
  const stack = await startLocalStack(local, service)
  printBanner({ stack, local, readyMs: performance.now() - started })

  let stopping = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    setTimeout(() => {
      console.error('Shutdown took too long; exiting.')
      process.exit(1)
    }, SHUTDOWN_DEADLINE_MS).unref()
    stack.stop().then(
      () => {
        console.log('Stopped cleanly.')
        process.exit(0)
      },
      (error: unknown) => {
        console.error('Shutdown failed:', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalStackError ? error.message : error)
  process.exit(1)
})

import { defaultProvider } from '@aws-sdk/credential-provider-node'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { ENGINE_HOST, type LocalConfig } from '../config/local-config.js'
import type { ServiceConfig } from '../config/service-config.js'
import { ServiceUnavailableError } from '../core/errors.js'
import { createDynamoDbClient } from '../dynamodb/create-client.js'
import { translateDynamoDbError } from '../dynamodb/error-translation.js'
import { createConsoleRoutes } from './console/routes.js'
import { type RunningEngine, startEngine } from './engine.js'
import { ensureTable } from './ensure-table.js'
import { type RunningGateway, startGateway } from './gateway.js'
import { LocalExitCode, LocalStackError, PortInUseError, portInUse } from './local-stack-error.js'
import { isPortTaken } from './port-probe.js'
import { composeServiceHandler, type ServiceHandler } from './service-handler.js'
import { TableMismatchError } from './table-schema.js'

/**
 * The local stack's steps: the embedded DynamoDB engine (unless DYNAMODB_ENDPOINT names
 * another), the declared tables, and the local gateway in front of the same handler Lambda runs.
 * They start in order and stop in reverse, as architect/sandbox does.
 */
export interface LocalStack {
  readonly gateway: RunningGateway
  readonly engine: RunningEngine | undefined
  readonly config: ServiceConfig
  /** Whether the handler is rebuilt on each change under src/ (`npm run dev`). */
  readonly watching: boolean
  stop(): Promise<void>
}

export interface LocalStackOptions {
  /** Rebuild and swap the handler on each change under src/ (`npm run dev`). */
  readonly watch?: boolean
}

/** How long to wait between attempts to create the tables on an endpoint not up yet. */
const TABLE_RETRY_MS = 2000

/** What the user can do about a table that exists with another schema than declared. */
function mismatchRemedy(error: TableMismatchError, external: boolean, where: string): string {
  const deleteTable = `aws dynamodb delete-table --table-name ${error.tableName} --endpoint-url ${where}`
  const remove = external
    ? `or delete it (${deleteTable}) to have it created as declared`
    : // Start-up stops at the table, so deleting it takes a start on which it is declared as it
      // is (for the lab's own table, without TABLES_FILE, that start would stop here again).
      `or set DATA_DIR to another folder, or delete it to have it created as declared (npm start with it declared as it is in TABLES_FILE, then ${deleteTable})`
  return `${error.message} Declare it as it is in TABLES_FILE, ${remove}.`
}

/**
 * Creates every declared table (with its indexes) if missing, and checks those that exist
 * against their declarations: one that differs stops start-up (exit 2, a setting to change).
 * On the embedded engine any failure stops start-up. On an endpoint named by DYNAMODB_ENDPOINT
 * that does not answer yet, the stack starts anyway, serving 503s, and keeps trying in the
 * background; the returned function stops that.
 */
async function bootstrapTables(
  config: ServiceConfig,
  external: boolean,
  credentials: AwsCredentialIdentityProvider,
): Promise<() => void> {
  // One attempt at a time: the retries are this function's, every TABLE_RETRY_MS.
  const client = createDynamoDbClient(
    { ...config, dynamoDbMaxAttempts: 1 },
    process.env,
    credentials,
  )
  const where = config.dynamoDbEndpoint?.href ?? 'AWS'
  const quoted = config.tables.map((table) => `"${table.tableName}"`).join(', ')
  const names = config.tables.length === 1 ? `table ${quoted}` : `tables ${quoted}`
  const attempt = async () => {
    for (const table of config.tables) await ensureTable(client, table)
  }
  const refusal = (error: unknown) =>
    error instanceof TableMismatchError
      ? new LocalStackError(mismatchRemedy(error, external, where), LocalExitCode.SettingRefused)
      : undefined
  try {
    await attempt()
    client.destroy()
    return () => undefined
  } catch (error) {
    const unreachable =
      translateDynamoDbError(error, config.tableName) instanceof ServiceUnavailableError
    if (!external || !unreachable) {
      client.destroy()
      throw (
        refusal(error) ??
        new LocalStackError(
          `Could not create ${names} on DynamoDB at ${where}: ${(error as Error).message}`,
        )
      )
    }
  }
  console.warn(
    `DynamoDB at ${where} does not answer yet: requests get 503 until it does, and the stack creates ${names} then.`,
  )
  let timer: NodeJS.Timeout | undefined
  const retry = () => {
    timer = setTimeout(() => {
      attempt().then(
        () => {
          console.log(`DynamoDB at ${where} answers; ${names} ready.`)
          client.destroy()
        },
        (error: unknown) => {
          // Found late, the mismatch cannot stop start-up any more: it is reported, once.
          const refused = refusal(error)
          if (refused === undefined) return retry()
          console.error(refused.message)
          client.destroy()
        },
      )
    }, TABLE_RETRY_MS)
    timer.unref()
  }
  retry()
  return () => {
    clearTimeout(timer)
    client.destroy()
  }
}

/**
 * The engine starts first, so its port is the first found taken; the gateway's is checked
 * then too, so that one failed start names every port to change.
 */
async function startEmbeddedEngine(local: LocalConfig): Promise<RunningEngine> {
  try {
    return await startEngine({
      dataPath: local.dataPath,
      host: ENGINE_HOST,
      port: local.dynamoDbPort,
    })
  } catch (error) {
    if (!(error instanceof PortInUseError) || !(await isPortTaken(local.host, local.port)))
      throw error
    throw new PortInUseError([
      { variable: 'PORT', port: local.port, host: local.host },
      ...error.ports,
    ])
  }
}

/** The handler, built once; or, for `npm run dev`, rebuilt on every change (esbuild loads then). */
async function serviceHandler(
  config: ServiceConfig,
  credentials: AwsCredentialIdentityProvider,
  watch: boolean,
): Promise<ServiceHandler & { stop(): Promise<void> }> {
  if (!watch) return { ...composeServiceHandler(config, credentials), stop: async () => undefined }
  const { startReloadingHandler } = await import('./dev/handler-reloader.js')
  return startReloadingHandler({ config, credentials })
}

export async function startLocalStack(
  local: LocalConfig,
  service: ServiceConfig,
  { watch = false }: LocalStackOptions = {},
): Promise<LocalStack> {
  const external = service.dynamoDbEndpoint !== undefined
  const engine = external ? undefined : await startEmbeddedEngine(local)
  try {
    const config: ServiceConfig = {
      ...service,
      dynamoDbEndpoint: service.dynamoDbEndpoint ?? engine?.endpoint,
    }
    // One credential chain for both clients: against AWS, its look-up (SSO, a profile,
    // instance metadata) is made once and cached.
    const credentials = defaultProvider()
    const stopBootstrap = await bootstrapTables(config, external, credentials)
    const api = await serviceHandler(config, credentials, watch).catch((error: unknown) => {
      stopBootstrap()
      throw error
    })
    const { handler, log } = api
    const gateway = await startGateway({
      handler,
      host: local.host,
      port: local.port,
      maxBodyBytes: config.maxBodyBytes,
      apiKey: local.apiKey,
      log,
      localRoutes: createConsoleRoutes({ apiKeyRequired: local.apiKey !== undefined }),
    }).catch(async (error: NodeJS.ErrnoException) => {
      stopBootstrap()
      await api.stop()
      throw error.code === 'EADDRINUSE'
        ? portInUse('PORT', local.port, local.host)
        : new LocalStackError(
            `The gateway cannot listen on ${local.host}:${local.port} (HOST, PORT): ${error.message}`,
            LocalExitCode.SettingRefused,
          )
    })
    return {
      gateway,
      engine,
      config,
      watching: watch,
      async stop() {
        stopBootstrap()
        await gateway.stop()
        await api.stop()
        await engine?.stop()
      },
    }
  } catch (error) {
    await engine?.stop()
    throw error
  }
}

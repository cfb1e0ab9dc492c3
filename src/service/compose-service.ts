import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { Environment } from '../config/env.js'
import { defaultTableOf, type ServiceConfig } from '../config/service-config.js'
import type { Log } from '../core/log.js'
import type { Manager } from '../core/manager.js'
import { createManager } from '../core/manager.js'
import type { DynamoDbCallObserver } from '../dynamodb/client.js'
import { createDynamoDbClient } from '../dynamodb/create-client.js'
import { createDynamoDbStore } from '../dynamodb/dynamodb-item-store.js'
import { environmentCredentials } from '../dynamodb/environment-credentials.js'
import { createHttpApi, type HttpApi } from '../http/http-api.js'
import { healthProbeKey } from './health-probe-key.js'
import { createLogger } from './logger.js'
import { type OperationObserver, observeOperations } from './operation-observer.js'

// For the Lambda entry's tracing, which may not reach into the DynamoDB adapter itself.
export type { DynamoDbCall, DynamoDbCallObserver } from '../dynamodb/client.js'

export interface ComposeOptions {
  /** The environment the DynamoDB client reads (AWS_ACCESS_KEY_ID). @default process.env */
  readonly env?: Environment
  /** @default the service's Powertools logger */
  readonly log?: Log
  /**
   * What signs requests to DynamoDB on AWS. @default the credentials in `env`, where Lambda
   * puts the function role's; the local stack passes the SDK's whole chain (profiles, SSO,
   * IMDS…), which the function need not load.
   */
  readonly credentials?: AwsCredentialIdentityProvider
  /** Told each request's operation: the Lambda entry's metrics. @default none */
  readonly onOperation?: OperationObserver
  /** Told of each DynamoDB call once it has ended: the Lambda entry's tracing. @default none */
  readonly dynamoDbObserver?: DynamoDbCallObserver
}

/** The service, built: what the Lambda handler (lambda/lambda-handler.ts) is made of. */
export interface ComposedService {
  readonly httpApi: HttpApi
  readonly manager: Manager
  readonly log: Log
}

/**
 * The service's composition root: config → DynamoDB client → item store → manager → HTTP
 * API. The Lambda entry and the local stack both call it and make the Lambda handler of what
 * it builds, so that both run exactly the same code. Nothing else builds these parts (the
 * local stack's table bootstrap has a DynamoDB client of its own, for CreateTable only).
 *
 * @example
 * const handler = createLambdaHandler(composeService(loadServiceConfig(process.env)))
 * await handler({ operation: 'ping' }) // 'pong'
 */
export function composeService(
  config: ServiceConfig,
  {
    env = process.env,
    log = createLogger(),
    credentials = environmentCredentials(env),
    onOperation,
    dynamoDbObserver,
  }: ComposeOptions = {},
): ComposedService {
  const client = createDynamoDbClient(config, env, credentials, dynamoDbObserver)
  const store = createDynamoDbStore(client, { deadlineMs: config.dynamoDbTimeoutMs })
  const manager = createManager({
    store,
    tableName: config.tableName,
    allowedTables: config.allowedTables,
    tables: config.tables,
    // The probe reads a key of the default table's declared key schema.
    healthProbeKey: healthProbeKey(defaultTableOf(config)),
    healthCacheMs: config.healthCacheMs,
  })
  const observed = onOperation ? observeOperations(manager, onOperation) : manager
  const httpApi = createHttpApi({
    manager: observed,
    maxBodyBytes: config.maxBodyBytes,
    log,
    corsAllowOrigins: config.corsAllowOrigins,
  })
  return { httpApi, manager: observed, log }
}

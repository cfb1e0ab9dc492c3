import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { createDynamoDbClient } from '../aws/dynamodb-client.js'
import { environmentCredentials } from '../aws/environment-credentials.js'
import type { ServiceConfig } from '../config/service-config.js'
import type { Log } from '../core/log.js'
import { createManager } from '../core/manager.js'
import { createDynamoDbStore } from '../core/store/dynamodb-store.js'
import { createHttpApi } from '../http/api.js'
import { createHandler, type LambdaHandler } from './create-handler.js'
import { createLogger } from './logger.js'

export interface BuiltHandler {
  readonly handler: LambdaHandler
  readonly log: Log
}

/**
 * Wires the handler from its config: the composition root shared by the Lambda entry and
 * the local stack, so that both run exactly the same code.
 *
 * `credentials` sign requests to DynamoDB on AWS. The default reads them from the
 * environment, where Lambda puts the function role's; the local stack passes the SDK's
 * whole chain (profiles, SSO, IMDS…), which the function need not load.
 */
export function buildHandler(
  config: ServiceConfig,
  env: Readonly<Record<string, string | undefined>>,
  log: Log = createLogger(),
  credentials: AwsCredentialIdentityProvider = environmentCredentials(env),
): BuiltHandler {
  const manager = createManager({
    store: createDynamoDbStore(createDynamoDbClient(config, env, credentials), {
      deadlineMs: config.dynamoDbTimeoutMs,
    }),
    tableName: config.tableName,
    allowedTables: config.allowedTables,
  })
  const httpApi = createHttpApi({
    manager,
    maxBodyBytes: config.maxBodyBytes,
    log,
    corsAllowOrigins: config.corsAllowOrigins,
  })
  return { handler: createHandler({ httpApi, manager, log }), log }
}

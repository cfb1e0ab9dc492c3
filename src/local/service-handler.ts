import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { ServiceConfig } from '../config/service-config.js'
import type { Log } from '../core/log.js'
import { createLambdaHandler, type LambdaHandler } from '../lambda/lambda-handler.js'
import { composeService } from '../service/compose-service.js'

/** What the local gateway serves the API with: the Lambda handler, and the log it writes to. */
export interface ServiceHandler {
  readonly handler: LambdaHandler
  readonly log: Log
}

/**
 * The Lambda handler over the composed service, as the Lambda entry builds it. `npm start`
 * calls it once; `npm run dev` rebuilds this module and what it imports on every change
 * (dev/handler-reloader.ts), so it must stay the one way in to the service's code.
 *
 * @example
 * const { handler, log } = composeServiceHandler(config, defaultProvider())
 */
export function composeServiceHandler(
  config: ServiceConfig,
  credentials: AwsCredentialIdentityProvider,
): ServiceHandler {
  const composed = composeService(config, { credentials })
  return { handler: createLambdaHandler(composed), log: composed.log }
}

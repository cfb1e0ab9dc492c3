import { loadServiceConfig } from '../config/service-config.js'
import { buildHandler } from './build-handler.js'
import type { InvocationContext, LambdaHandler } from './create-handler.js'

/**
 * The Lambda entry point (`LambdaFunctionOverHttps`), bundled by the CDK app. Its
 * dependencies are built on the first invocation and kept for the life of the execution
 * environment: one config read, one DynamoDB client.
 */
let built: LambdaHandler | undefined

export async function handler(event: unknown, context?: InvocationContext): Promise<unknown> {
  built ??= buildHandler(loadServiceConfig(process.env), process.env).handler
  return built(event, context)
}

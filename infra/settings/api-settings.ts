import { Period } from 'aws-cdk-lib/aws-apigateway'
import { readOriginList } from '../../src/config/env.js'
import { ApiAuth } from '../constructs/api-auth.js'
import type { ApiSettings, FunctionSettings } from '../stacks/dynamodb-manager-stack.js'
import type { SettingsReader } from './settings-reader.js'

/**
 * The API's settings; tracing and log retention are the function's, read once for both.
 *
 * @example
 * const api = readApiSettings(settings, readFunctionSettings(settings))
 */
export function readApiSettings(
  settings: SettingsReader,
  { tracing, logRetention }: Pick<FunctionSettings, 'tracing' | 'logRetention'>,
): ApiSettings {
  return {
    auth: settings.choice('auth', Object.values(ApiAuth)),
    throttlingRateLimit: settings.number('throttlingRateLimit', { min: 1, max: 10_000 }),
    throttlingBurstLimit: settings.number('throttlingBurstLimit', { min: 1, max: 5000 }),
    apiKeyQuotaLimit: settings.number('apiKeyQuotaLimit', { min: 1, max: 1_000_000_000 }),
    apiKeyQuotaPeriod: settings.choice('apiKeyQuotaPeriod', Object.values(Period)),
    corsAllowOrigins: settings.listAsTheHandlerReads('corsAllowOrigins', readOriginList),
    tracing,
    accessLogRetention: logRetention,
    cloudWatchRole: settings.boolean('apiGatewayCloudWatchRole'),
  }
}

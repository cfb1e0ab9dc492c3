import { Period } from 'aws-cdk-lib/aws-apigateway'
import { readOriginList } from '../../src/config/env.js'
import { ApiAuth } from '../constructs/api-auth.js'
import { WAF_RATE_LIMIT } from '../constructs/api-web-acl.js'
import {
  API_KEY_QUOTA_LIMIT,
  checkLabApiProps,
  THROTTLING_BURST_LIMIT,
  THROTTLING_RATE_LIMIT,
} from '../constructs/lab-api.js'
import type { ApiSettings, FunctionSettings } from '../stacks/dynamodb-manager-stack.js'
import { checkAsSettings, type SettingsReader } from './settings-reader.js'

/**
 * The API's settings, checked by LabApi's own check; tracing and log retention are the
 * function's, read once for both.
 *
 * @example
 * const api = readApiSettings(settings, readFunctionSettings(settings))
 */
export function readApiSettings(
  settings: SettingsReader,
  { tracing, logRetention }: Pick<FunctionSettings, 'tracing' | 'logRetention'>,
): ApiSettings {
  const api: ApiSettings = {
    auth: settings.choice('auth', Object.values(ApiAuth)),
    throttlingRateLimit: settings.number('throttlingRateLimit', THROTTLING_RATE_LIMIT),
    throttlingBurstLimit: settings.number('throttlingBurstLimit', THROTTLING_BURST_LIMIT),
    // At most the stage's too: LabApi's own check below says so, naming the key.
    healthThrottlingRateLimit: settings.number('healthThrottlingRateLimit', THROTTLING_RATE_LIMIT),
    healthThrottlingBurstLimit: settings.number(
      'healthThrottlingBurstLimit',
      THROTTLING_BURST_LIMIT,
    ),
    apiKeyQuotaLimit: settings.number('apiKeyQuotaLimit', API_KEY_QUOTA_LIMIT),
    apiKeyQuotaPeriod: settings.choice('apiKeyQuotaPeriod', Object.values(Period)),
    corsAllowOrigins: settings.listAsTheHandlerReads('corsAllowOrigins', readOriginList),
    tracing,
    accessLogRetention: logRetention,
    waf: settings.boolean('waf'),
    wafRateLimit: settings.number('wafRateLimit', WAF_RATE_LIMIT),
  }
  checkAsSettings(() => checkLabApiProps(api), { accessLogRetention: 'logRetentionDays' })
  return api
}

import { ApiKey, Period, type RestApi, UsagePlan } from 'aws-cdk-lib/aws-apigateway'
import type { Construct } from 'constructs'

const PERIOD_SECONDS: Readonly<Record<Period, number>> = {
  [Period.DAY]: 86_400,
  [Period.WEEK]: 604_800,
  [Period.MONTH]: 2_678_400,
}

/** The longest a quota period lasts, in seconds: how long a client over its quota may wait. */
export function quotaPeriodSeconds(period: Period): number {
  return PERIOD_SECONDS[period]
}

export interface ApiKeyUsagePlanProps {
  /** The usage plan's name. */
  readonly name: string
  readonly rateLimit: number
  readonly burstLimit: number
  /** Requests per key per period. */
  readonly quotaLimit: number
  readonly quotaPeriod: Period
}

/**
 * The 'apiKey' auth of the API: a key (id `ApiKey`; the stack's output `ApiKeyId` names it),
 * in a usage plan (`UsagePlan`) on the API's stage, with the stage's throttling and a quota
 * per key, added to `scope`.
 *
 * @example
 * addApiKeyUsagePlan(this, api, { name: 'x-clients', rateLimit: 100, burstLimit: 200, quotaLimit: 10_000, quotaPeriod: Period.DAY })
 */
export function addApiKeyUsagePlan(
  scope: Construct,
  api: RestApi,
  { name, rateLimit, burstLimit, quotaLimit, quotaPeriod }: ApiKeyUsagePlanProps,
): { apiKey: ApiKey; usagePlan: UsagePlan } {
  const apiKey = new ApiKey(scope, 'ApiKey', { description: 'A DynamoDBManager client' })
  const usagePlan = new UsagePlan(scope, 'UsagePlan', {
    name,
    throttle: { rateLimit, burstLimit },
    quota: { limit: quotaLimit, period: quotaPeriod },
    apiStages: [{ api, stage: api.deploymentStage }],
  })
  usagePlan.addApiKey(apiKey)
  return { apiKey, usagePlan }
}

import { type PreflightPlan, preflightPlan } from '../../../infra/preflight/plan.js'
import { readLabSettings } from '../../../infra/settings/lab-settings.js'
import { contextOf, multiRegion } from '../settings/contexts.js'

/** The plan of a deploy with these context keys (and nothing from cdk.json or files). */
export function planFor(
  values: Record<string, unknown> = {},
  { importExistingResources = false } = {},
): PreflightPlan {
  const context = contextOf(values)
  return preflightPlan(readLabSettings(context), context, { importExistingResources })
}

/** The multi-region variant in us-east-1 (primary) and us-west-2, with more keys. */
export function multiRegionPlan(values: Record<string, unknown> = {}): PreflightPlan {
  return planFor({ multiRegion, ...values })
}

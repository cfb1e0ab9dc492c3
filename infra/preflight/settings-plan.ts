import { loadLabSettings } from '../settings/lab-settings.js'
import { type ContextFiles, cdkContext } from './cdk-context.js'
import type { PreflightArgs } from './command-line.js'
import { type PreflightPlan, preflightPlan } from './plan.js'

/**
 * The plan of the deploy a command line asks for: its context read as the CDK CLI gives it
 * to the app, through the settings loader the app itself uses (infra/app.ts). Throws its
 * SettingsError, whose message is one line naming the key.
 *
 * @example
 * const plan = planOf(parsePreflightArgs(['-c', 'env=dev']), { projectRoot: process.cwd() })
 */
export function planOf(args: PreflightArgs, files: ContextFiles): PreflightPlan {
  const context = cdkContext(args.context, files)
  return preflightPlan(loadLabSettings(context), context, {
    importExistingResources: args.importExistingResources,
  })
}

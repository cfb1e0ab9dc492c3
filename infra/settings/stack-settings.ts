import type { CloudWatchRoleSetting } from '../constructs/api-gateway-account-role.js'
import { checkInvokePrincipal } from '../constructs/api-invoke-access.js'
import { checkAsSettings, type SettingsReader } from './settings-reader.js'

/** The settings of what a stack sets up around its API: who may call it, and the logging role. */
export interface StackSettings {
  /** An account id or an IAM role's or user's ARN that may assume the invoke role. */
  readonly invokePrincipal: string | undefined
  /** 'auto', true or false: whether the stack sets API Gateway's account CloudWatch role. */
  readonly apiGatewayCloudWatchRole: CloudWatchRoleSetting | undefined
}

/**
 * `invokePrincipal`, checked as the invoke role's construct checks it, and
 * `apiGatewayCloudWatchRole`: `auto`, `true` or `false` (a JSON boolean too).
 *
 * @example
 * const { invokePrincipal, apiGatewayCloudWatchRole } = readStackSettings(settings)
 */
export function readStackSettings(settings: SettingsReader): StackSettings {
  const invokePrincipal = settings.string('invokePrincipal')
  checkAsSettings(() => checkInvokePrincipal(invokePrincipal))
  return { invokePrincipal, apiGatewayCloudWatchRole: readCloudWatchRole(settings) }
}

function readCloudWatchRole(settings: SettingsReader): CloudWatchRoleSetting | undefined {
  const key = 'apiGatewayCloudWatchRole'
  const value = settings.raw(key)
  if (typeof value === 'boolean') return value
  const choice = settings.choice(key, ['auto', 'true', 'false'])
  return choice === undefined || choice === 'auto' ? choice : choice === 'true'
}

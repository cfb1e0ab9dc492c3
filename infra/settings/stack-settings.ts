import type { CloudWatchRoleSetting } from '../constructs/api-gateway-account-role.js'
import type { SettingsReader } from './settings-reader.js'

/** The settings of what a stack sets up around its API: the logging role. */
export interface StackSettings {
  /** 'auto', true or false: whether the stack sets API Gateway's account CloudWatch role. */
  readonly apiGatewayCloudWatchRole: CloudWatchRoleSetting | undefined
}

/**
 * `apiGatewayCloudWatchRole`: `auto`, `true` or `false` (a JSON boolean too).
 *
 * @example
 * const { apiGatewayCloudWatchRole } = readStackSettings(settings)
 */
export function readStackSettings(settings: SettingsReader): StackSettings {
  return { apiGatewayCloudWatchRole: readCloudWatchRole(settings) }
}

function readCloudWatchRole(settings: SettingsReader): CloudWatchRoleSetting | undefined {
  const key = 'apiGatewayCloudWatchRole'
  const value = settings.raw(key)
  if (typeof value === 'boolean') return value
  const choice = settings.choice(key, ['auto', 'true', 'false'])
  return choice === undefined || choice === 'auto' ? choice : choice === 'true'
}

/**
 * `apiGatewayCloudWatchRole`: who sets API Gateway's account-level CloudWatch Logs role.
 * `auto` (the default): preflight decides per region, and passes the stack's
 * ApiGatewayAccountRole parameter (`create`, or `keep` a role set outside the stack); `true`:
 * the stack sets its own, and preflight refuses to replace one set outside it; `false`: the
 * stack leaves the account's setting alone, and preflight checks nothing.
 */
export const AccountRoleMode = { Auto: 'auto', Create: 'true', Leave: 'false' } as const
export type AccountRoleMode = (typeof AccountRoleMode)[keyof typeof AccountRoleMode]

/** The CloudFormation parameter of each stack in `auto` mode, and its two values. */
export { ACCOUNT_ROLE_PARAMETER, AccountRoleDecision } from '../account-role-parameter.js'

/**
 * The mode of the setting as the settings reader gives it: unset is `auto`; a boolean (from
 * cdk.json or a settings file) or its string (from `-c`) forces either way.
 */
export function accountRoleMode(
  setting: boolean | 'auto' | 'true' | 'false' | undefined,
): AccountRoleMode {
  if (setting === true || setting === 'true') return AccountRoleMode.Create
  if (setting === false || setting === 'false') return AccountRoleMode.Leave
  return AccountRoleMode.Auto
}

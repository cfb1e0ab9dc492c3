/**
 * The parameter by which a deploy tells a stack whether to set API Gateway's account
 * CloudWatch Logs role (apiGatewayCloudWatchRole `auto`): the stacks declare it, preflight
 * passes it. Here, free of the CDK, so that preflight and the deploy wrapper load it in
 * milliseconds.
 */
export const ACCOUNT_ROLE_PARAMETER = 'ApiGatewayAccountRole'
/** `create`: no role is set, the stack sets its own; `keep`: leave the one set outside it. */
export const AccountRoleDecision = { Create: 'create', Keep: 'keep' } as const
export type AccountRoleDecision = (typeof AccountRoleDecision)[keyof typeof AccountRoleDecision]

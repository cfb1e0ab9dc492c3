import { GetAccountCommand } from '@aws-sdk/client-api-gateway'
import {
  ACCOUNT_ROLE_PARAMETER,
  AccountRoleDecision,
  AccountRoleMode,
} from './account-role-mode.js'
import { askFor } from './aws-errors.js'
import {
  type Check,
  type CheckContext,
  type Finding,
  note,
  parameter,
  problem,
} from './findings.js'
import type { StackPlan } from './plan.js'

/** A role ARN's name: its last path segment (`arn:aws:iam::1:role/path/name` → `name`). */
function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/**
 * API Gateway's CloudWatch Logs role is one setting per account and region. A stack may set
 * it where none is set, or where it set it itself; one set outside the stack (by an
 * organisation, by another app) is kept.
 */
async function checkStack(context: CheckContext, stack: StackPlan): Promise<Finding[]> {
  const { region, stackName } = stack
  const account = await askFor(
    'apigateway:GET',
    `API Gateway's account settings in ${region}`,
    () => context.clients.apiGateway(region).send(new GetAccountCommand({})),
  )
  const arn = account.cloudwatchRoleArn
  const ours =
    arn === undefined ||
    arn === '' ||
    (await context.holdingsOf(stack)).holds(['AWS::IAM::Role'], roleNameOf(arn))
  if (context.plan.accountRole === AccountRoleMode.Create) {
    if (ours) return []
    return [
      problem(
        `API Gateway in ${region} already logs with role ${arn}, set outside stack ${stackName}, and apiGatewayCloudWatchRole=true would replace it: use -c apiGatewayCloudWatchRole=auto (keep it) or -c apiGatewayCloudWatchRole=false`,
      ),
    ]
  }
  const decision = ours ? AccountRoleDecision.Create : AccountRoleDecision.Keep
  const value = parameter(`${stackName}:${ACCOUNT_ROLE_PARAMETER}=${decision}`)
  if (ours) return [value]
  return [
    value,
    note(
      `API Gateway in ${region} already logs with role ${arn}, set outside this app: stack ${stackName} keeps it (${ACCOUNT_ROLE_PARAMETER}=keep).`,
    ),
  ]
}

/** Who sets the account's CloudWatch role, per stack (nothing to check when `false`). */
export const checkAccountRole: Check = (context) =>
  context.plan.accountRole === AccountRoleMode.Leave
    ? []
    : context.plan.stacks.map((stack) => checkStack(context, stack))

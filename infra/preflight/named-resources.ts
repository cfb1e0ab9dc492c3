import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetPolicyCommand, GetRoleCommand } from '@aws-sdk/client-iam'
import { ask } from './aws-errors.js'
import { existingFunction } from './existing-function.js'
import type { Check, CheckContext } from './findings.js'
import { checkAlarms, monitoringLookups } from './monitoring-names.js'
import { checkLookup, found, type Lookup } from './named-lookup.js'
import type { StackPlan } from './plan.js'
import { describeTable } from './table-description.js'

const GLOBAL_TABLE_TYPES = ['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table']

/**
 * The table of that name in one region of the stack's (global) table. In the stack's own
 * region it is the stack's when the stack holds it; in a replica's region, when it is a
 * replica of that table (its replicas include the stack's region). Anything else is a table
 * of its own.
 */
async function checkTable(context: CheckContext, stack: StackPlan, name: string, region: string) {
  const table = await describeTable(context, region, name)
  if (table === undefined) return []
  const held = (await context.holdingsOf(stack)).holds(GLOBAL_TABLE_TYPES, name)
  const replicaOfIt = (table.Replicas ?? []).some((each) => each.RegionName === stack.region)
  if (held && (region === stack.region || replicaOfIt)) return []
  const unprotect = table.DeletionProtectionEnabled
    ? `aws dynamodb update-table --table-name ${name} --no-deletion-protection-enabled --region ${region} && `
    : ''
  return [
    found(context, {
      what: `table ${name} (${region})`,
      stack,
      // A table in a replica's region would have to become a replica, which import cannot do.
      importable: stack.tableImportable && region === stack.region,
      removal: `${unprotect}aws dynamodb delete-table --table-name ${name} --region ${region}`,
    }),
  ]
}

const IAM_MISSING = ['NoSuchEntityException', 'NoSuchEntity']

/** An IAM role, by its name (IAM names are global: any region's client finds it). */
function roleLookup(context: CheckContext, stack: StackPlan, roleName: string): Lookup {
  return {
    what: `role ${roleName}`,
    name: roleName,
    types: ['AWS::IAM::Role'],
    exists: async () =>
      (await ask(
        'iam:GetRole',
        `role ${roleName}`,
        () => context.clients.iam(stack.region).send(new GetRoleCommand({ RoleName: roleName })),
        IAM_MISSING,
      )) !== undefined,
    importable: false,
    removal: `aws iam delete-role --role-name ${roleName} (detach its policies first: aws iam list-attached-role-policies --role-name ${roleName})`,
  }
}

/** The role, the function, its log group, the invoke policy (and role): each by its name. */
function lookups(context: CheckContext, stack: StackPlan): Lookup[] {
  const { names, region } = stack
  const { clients } = context
  const policyArn = `arn:${context.partition}:iam::${context.account}:policy/${names.invokePolicy}`
  return [
    roleLookup(context, stack, names.role),
    {
      what: `function ${names.function} (${region})`,
      name: names.function,
      types: ['AWS::Lambda::Function'],
      exists: async () => (await existingFunction(context, stack)) !== undefined,
      importable: false,
      removal: `aws lambda delete-function --function-name ${names.function} --region ${region}`,
    },
    {
      what: `log group ${names.functionLogGroup} (${region})`,
      name: names.functionLogGroup,
      types: ['AWS::Logs::LogGroup'],
      exists: async () => {
        const prefix = names.functionLogGroup
        const answer = await ask('logs:DescribeLogGroups', `log group ${prefix} in ${region}`, () =>
          clients.logs(region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix })),
        )
        return (answer?.logGroups ?? []).some((each) => each.logGroupName === prefix)
      },
      // The function's log group is retained: it outlives a destroy, ready to be adopted.
      importable: true,
      removal: `aws logs delete-log-group --log-group-name ${names.functionLogGroup} --region ${region}`,
    },
    {
      what: `managed policy ${names.invokePolicy}`,
      name: names.invokePolicy,
      types: ['AWS::IAM::ManagedPolicy'],
      exists: async () =>
        (await ask(
          'iam:GetPolicy',
          `managed policy ${names.invokePolicy}`,
          () => clients.iam(region).send(new GetPolicyCommand({ PolicyArn: policyArn })),
          IAM_MISSING,
        )) !== undefined,
      importable: false,
      removal: `aws iam delete-policy --policy-arn ${policyArn} (detach it first: aws iam list-entities-for-policy --policy-arn ${policyArn})`,
    },
    ...(stack.createsInvokeRole ? [roleLookup(context, stack, names.invokeRole)] : []),
  ]
}

/** Every named resource of every stack: each table in each region it lives in, and the rest. */
export const checkNamedResources: Check = (context) =>
  context.plan.stacks.flatMap((stack) => [
    ...stack.tableNames.flatMap((name) =>
      stack.tableRegions.map((region) => checkTable(context, stack, name, region)),
    ),
    ...[...lookups(context, stack), ...monitoringLookups(context, stack)].map((lookup) =>
      checkLookup(context, stack, lookup),
    ),
    checkAlarms(context, stack),
  ])

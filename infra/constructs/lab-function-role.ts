import { ArnFormat, Stack } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { Effect, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { LogGroup } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import { acknowledgeWildcardResource } from '../nag.js'

/** The lab's DynamoDB actions: the six calls the handler makes, and nothing else. */
export const TABLE_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
] as const

/** The lab's logging actions, on the function's own log group only. */
export const LOG_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
] as const

export interface LabFunctionRoleProps {
  readonly roleName: string
  /** The table a request without `tableName` uses. */
  readonly table: ITableV2
  /** More tables a request may name, by name, in the stack's region and account. */
  readonly allowedTables: readonly string[]
  /** The function's own log group, the only one it may write to. */
  readonly logGroup: LogGroup
}

/**
 * The lab's role `lambda-apigateway-role` and its "custom policy" `lambda-apigateway-policy`,
 * added to `scope` (the function's construct, ids `Role` and `Policy`): the lab's actions,
 * scoped to the allowed tables (and their indexes) and to the function's own log group.
 *
 * @example
 * const { role, policy } = addLabFunctionRole(this, { roleName, table, allowedTables, logGroup })
 */
export function addLabFunctionRole(
  scope: Construct,
  { roleName, table, allowedTables, logGroup }: LabFunctionRoleProps,
): { role: Role; policy: Policy } {
  const stack = Stack.of(scope)
  const role = new Role(scope, 'Role', {
    roleName,
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: 'LambdaFunctionOverHttps: the DynamoDBManager handler',
  })
  const otherTableArns = allowedTables
    .filter((name) => name !== table.tableName)
    .map((name) => stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: name }))
  const tableArns = [table.tableArn, ...otherTableArns]
  const indexArns = tableArns.map((arn) => `${arn}/index/*`)
  const policy = new Policy(scope, 'Policy', {
    policyName: 'lambda-apigateway-policy',
    roles: [role],
    statements: [
      new PolicyStatement({
        sid: 'TableItems',
        effect: Effect.ALLOW,
        actions: [...TABLE_ACTIONS],
        resources: [...tableArns, ...indexArns],
      }),
      new PolicyStatement({
        sid: 'OwnLogGroup',
        effect: Effect.ALLOW,
        actions: [...LOG_ACTIONS],
        resources: [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: logGroup.logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
          logGroup.logGroupArn,
        ],
      }),
    ],
  })
  for (const indexArn of indexArns) {
    acknowledgeWildcardResource(
      policy,
      indexArn,
      "Query and Scan may name any secondary index of an allowed table (payload IndexName); the wildcard covers only that table's indexes.",
    )
  }
  return { role, policy }
}

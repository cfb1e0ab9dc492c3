import { ArnFormat, Stack } from 'aws-cdk-lib'
import { Effect, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { LogGroup } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'

/**
 * The DynamoDB actions on a table: the lab's six calls, and the batch calls (batchRead,
 * batchWrite), nothing else.
 */
export const TABLE_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
] as const

/** The actions on a secondary index: `query` and `list` with an IndexName. */
export const INDEX_ACTIONS = ['dynamodb:Query', 'dynamodb:Scan'] as const

/** A table the function may use, and the secondary indexes it declares. */
export interface TableAccess {
  readonly tableArn: string
  readonly indexNames: readonly string[]
}

/** The lab's logging actions, on the function's own log group only. */
export const LOG_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
] as const

export interface LabFunctionRoleProps {
  readonly roleName: string
  /** Every table a request may name, with its declared indexes. */
  readonly tables: readonly TableAccess[]
  /** The function's own log group, the only one it may write to. */
  readonly logGroup: LogGroup
}

/**
 * The lab's role `lambda-apigateway-role` and its "custom policy" `lambda-apigateway-policy`,
 * added to `scope` (the function's construct, ids `Role` and `Policy`): the table actions on
 * the allowed tables, the index actions on each index they declare, by name (no wildcard),
 * and the log actions on the function's own log group.
 *
 * @example
 * const { role, policy } = addLabFunctionRole(this, { roleName, tables, logGroup })
 */
export function addLabFunctionRole(
  scope: Construct,
  { roleName, tables, logGroup }: LabFunctionRoleProps,
): { role: Role; policy: Policy } {
  const stack = Stack.of(scope)
  const role = new Role(scope, 'Role', {
    roleName,
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: 'LambdaFunctionOverHttps: the DynamoDBManager handler',
  })
  const indexArns = tables.flatMap(({ tableArn, indexNames }) =>
    indexNames.map((name) => `${tableArn}/index/${name}`),
  )
  const policy = new Policy(scope, 'Policy', {
    policyName: 'lambda-apigateway-policy',
    roles: [role],
    statements: [
      new PolicyStatement({
        sid: 'TableItems',
        effect: Effect.ALLOW,
        actions: [...TABLE_ACTIONS],
        resources: tables.map((each) => each.tableArn),
      }),
      ...(indexArns.length === 0
        ? []
        : [
            new PolicyStatement({
              sid: 'TableIndexes',
              effect: Effect.ALLOW,
              actions: [...INDEX_ACTIONS],
              resources: indexArns,
            }),
          ]),
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
  return { role, policy }
}

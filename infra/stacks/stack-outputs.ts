import { type CfnCondition, CfnOutput, type Stack } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { IHealthCheck } from 'aws-cdk-lib/aws-route53'
import type { ITopic } from 'aws-cdk-lib/aws-sns'
import type { ApiGatewayAccountRole } from '../constructs/api-gateway-account-role.js'
import type { ApiInvokeAccess } from '../constructs/api-invoke-access.js'
import type { LabApi } from '../constructs/lab-api.js'

/** What a stack's outputs name: the parts a caller, the smoke test or an operator needs. */
export interface StackOutputParts {
  readonly table: ITableV2
  readonly fn: IFunction
  readonly labApi: LabApi
  readonly invokeAccess: ApiInvokeAccess
  readonly accountRole: ApiGatewayAccountRole | undefined
  readonly alarmTopic: ITopic
  /** Multi-region: this region's Route 53 health check. */
  readonly healthCheck: IHealthCheck | undefined
}

/** The output naming the region's health check, which the us-east-1 alarm stack reads. */
export const HEALTH_CHECK_ID_OUTPUT = 'HealthCheckId'

/**
 * The stack's outputs, each a direct child of the stack, so that its logical id is its name
 * (no hash suffix) and `cdk deploy --outputs-file` writes the same keys in every variant:
 * ManagerUrl, ApiId, Region, InvokePolicyArn, TableName, FunctionName, AlarmTopicArn; ApiKeyId
 * with API keys, InvokeRoleArn with an invoke principal, ApiGatewayAccountRoleArn when the
 * stack sets API Gateway's account role, HealthCheckId in the multi-region variant.
 *
 * @example
 * addStackOutputs(this, { table, fn, labApi, invokeAccess, accountRole })
 */
export function addStackOutputs(stack: Stack, parts: StackOutputParts): void {
  const { table, fn, labApi, invokeAccess, accountRole, alarmTopic, healthCheck } = parts
  const { api } = labApi
  // The RestApi's own output of its URL has a hashed logical id; ManagerUrl replaces it.
  api.node.tryRemoveChild('Endpoint')

  const output = (id: string, value: string, description: string, condition?: CfnCondition) =>
    new CfnOutput(stack, id, { value, description, condition })
  output(
    'ManagerUrl',
    api.urlForPath('/DynamoDBManager'),
    'POST here: the DynamoDBManager endpoint of this region',
  )
  output('ApiId', api.restApiId, 'The REST API id (execute-api host and ARNs)')
  output('Region', stack.region, 'The region of this stack: sign requests for it')
  output(
    'InvokePolicyArn',
    invokeAccess.policy.managedPolicyArn,
    'Attach to a user or role to let it call the API (execute-api:Invoke on its routes)',
  )
  output('TableName', table.tableName, 'The table a request without tableName uses')
  output(
    'FunctionName',
    fn.functionName,
    'The function behind both routes, which call its alias live (docs/operations.md)',
  )
  output('AlarmTopicArn', alarmTopic.topicArn, "The SNS topic this region's alarms notify")
  if (healthCheck !== undefined) {
    output(
      HEALTH_CHECK_ID_OUTPUT,
      healthCheck.healthCheckId,
      "This region's Route 53 health check (its alarm is in us-east-1)",
    )
  }
  if (labApi.apiKey !== undefined) {
    output(
      'ApiKeyId',
      labApi.apiKey.keyId,
      'aws apigateway get-api-key --include-value --api-key <id> shows the key',
    )
  }
  if (invokeAccess.role !== undefined) {
    output(
      'InvokeRoleArn',
      invokeAccess.role.roleArn,
      'Assume this role (as invokePrincipal) to call the API',
    )
  }
  if (accountRole !== undefined) {
    output(
      'ApiGatewayAccountRoleArn',
      accountRole.role.roleArn,
      "API Gateway's account CloudWatch Logs role this stack set. It stays after cdk destroy, because the account setting keeps pointing at it: remove it (aws iam detach-role-policy, then aws iam delete-role) only once no API in this account and region logs, or after pointing the setting at another role (aws apigateway update-account).",
      accountRole.condition,
    )
  }
}

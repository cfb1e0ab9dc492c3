import { Aws, CfnCondition, CfnParameter, type CfnResource, Fn, RemovalPolicy } from 'aws-cdk-lib'
import { CfnAccount, type RestApi } from 'aws-cdk-lib/aws-apigateway'
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Construct } from 'constructs'
import { ACCOUNT_ROLE_PARAMETER, AccountRoleDecision } from '../account-role-parameter.js'
import { acknowledgeCloudWatchRole } from './api-nag-acknowledgements.js'

/**
 * API Gateway's execution logging writes with one CloudWatch Logs role per account and
 * region, kept in the account's API Gateway settings (`AWS::ApiGateway::Account`). Setting it
 * from a stack overwrites whatever role an organisation set there, so the stack sets it only
 * where none is set: `npm run deploy`'s preflight reads the account and passes the parameter
 * below; a setting can force either way.
 */

/**
 * Whether the stack sets API Gateway's account CloudWatch Logs role: 'auto' (the parameter
 * `ApiGatewayAccountRole` decides at deploy time), true (always) or false (never: the
 * account must already have one, or the stage's execution logging fails to deploy).
 */
export type CloudWatchRoleSetting = 'auto' | boolean

/** The condition the role, the account setting and their output carry in 'auto' mode. */
export const CREATE_ACCOUNT_ROLE_CONDITION = 'CreateApiGatewayAccountRole'

export interface ApiGatewayAccountRoleProps {
  /** The API whose stage logs with the role: it waits for the account setting. */
  readonly api: RestApi
  /**
   * true: create the role and set it, always. 'auto': only when the deploy's parameter
   * `ApiGatewayAccountRole` is `create` (its default).
   * @default 'auto'
   */
  readonly mode?: 'auto' | true
}

/**
 * The account-level CloudWatch Logs role of API Gateway: a role API Gateway assumes, with
 * the AWS managed policy made for it, and the account setting (`AWS::ApiGateway::Account`)
 * pointing at it; the API's stage waits for the setting, since a stage with execution
 * logging cannot be created without it.
 *
 * @example
 * const { role, condition } = new ApiGatewayAccountRole(stack, 'ApiGatewayCloudWatch', { api })
 */
export class ApiGatewayAccountRole extends Construct {
  public readonly role: Role
  public readonly account: CfnAccount
  /** Set in 'auto' mode: the role and the setting exist only when it holds. */
  public readonly condition: CfnCondition | undefined

  constructor(scope: Construct, id: string, { api, mode = 'auto' }: ApiGatewayAccountRoleProps) {
    super(scope, id)
    this.condition = mode === 'auto' ? createCondition(this) : undefined

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: "API Gateway's account CloudWatch Logs role: execution logging in this region",
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    })
    this.account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn })
    // Both outlive the stack: the setting is the account's, not this API's. Deleting the role
    // on destroy would break the execution logging of every other API in this account and
    // region, which logs with it from then on; the output ApiGatewayAccountRoleArn says so.
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN)
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN)
    // CloudFormation's AWS::ApiGateway::Account asks for a dependency on another API Gateway
    // resource, so that API Gateway has been used in the region before it is set.
    this.account.addResourceDependency(api.node.defaultChild as CfnResource)
    acknowledgeCloudWatchRole(this.role)

    const stage = api.deploymentStage.node.defaultChild as CfnResource
    if (this.condition === undefined) {
      stage.addResourceDependency(this.account)
    } else {
      const role = this.role.node.defaultChild as CfnResource
      role.cfnOptions.condition = this.condition
      this.account.cfnOptions.condition = this.condition
      // CloudFormation refuses a DependsOn on a resource its condition leaves out (and DependsOn
      // takes no Fn::If), so the stage refers to the setting in its Metadata instead, under the
      // same condition: a Ref is a dependency wherever it is, and Fn::If drops it (AWS::NoValue)
      // when the setting is kept. This is the known "conditional DependsOn" pattern, on the
      // stage itself rather than on a WaitConditionHandle between the two: one resource less.
      stage.addMetadata(
        'WaitsForApiGatewayAccount',
        Fn.conditionIf(this.condition.logicalId, this.account.ref, Aws.NO_VALUE),
      )
    }
  }
}

/** The parameter preflight sets and the condition it decides, with logical ids preflight knows. */
function createCondition(scope: Construct): CfnCondition {
  const parameter = new CfnParameter(scope, 'Parameter', {
    type: 'String',
    allowedValues: Object.values(AccountRoleDecision),
    default: AccountRoleDecision.Create,
    description:
      "create: set API Gateway's account CloudWatch Logs role in this region (none is set); keep: leave the role already set. npm run deploy's preflight sets it from the account.",
  })
  parameter.overrideLogicalId(ACCOUNT_ROLE_PARAMETER)
  const condition = new CfnCondition(scope, 'Condition', {
    expression: Fn.conditionEquals(parameter.valueAsString, AccountRoleDecision.Create),
  })
  condition.overrideLogicalId(CREATE_ACCOUNT_ROLE_CONDITION)
  return condition
}

import { Token } from 'aws-cdk-lib'
import type { Method, RestApi } from 'aws-cdk-lib/aws-apigateway'
import {
  AccountPrincipal,
  ArnPrincipal,
  type IPrincipal,
  ManagedPolicy,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam'
import { Construct } from 'constructs'
import { InvalidPropError } from './prop-checks.js'

/** An AWS account's id: exactly twelve digits. */
const ACCOUNT_ID = /^\d{12}$/
/** An IAM role's or user's ARN, path included, in any partition. */
const ROLE_OR_USER_ARN =
  /^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/

/** Throws unless `principal` is an account id or an IAM role's or user's ARN. */
export function checkInvokePrincipal(principal: string | undefined): void {
  if (principal === undefined || Token.isUnresolved(principal)) return
  if (ACCOUNT_ID.test(principal) || ROLE_OR_USER_ARN.test(principal)) return
  throw new InvalidPropError(
    'invokePrincipal',
    `expected a 12-digit account id (123456789012) or an IAM role or user ARN (arn:aws:iam::123456789012:role/name), got ${JSON.stringify(principal)}.`,
  )
}

function principalOf(principal: string): IPrincipal {
  return ACCOUNT_ID.test(principal) ? new AccountPrincipal(principal) : new ArnPrincipal(principal)
}

export interface ApiInvokeAccessProps {
  readonly api: RestApi
  /** The routes callers may invoke: each on `stageName` only. */
  readonly methods: readonly Method[]
  readonly stageName: string
  /** The managed policy's name: IAM names are global to the account. */
  readonly policyName: string
  /** The role's name, when there is a role. */
  readonly roleName: string
  /**
   * Who may assume a role that holds the policy: an account id (any principal of that
   * account its own IAM policies let assume it) or a role's or user's ARN.
   * @default - no role: attach the policy to your own users or roles
   */
  readonly principal?: string
}

/**
 * Who may call an IAM-authorized API: a managed policy that allows `execute-api:Invoke` on
 * exactly the given routes of one stage (attach it to a user or role), and, for a named
 * principal, a role with that policy to assume.
 *
 * @example
 * new ApiInvokeAccess(stack, 'Invoke', { api, methods: [post, health], stageName: 'Prod', policyName, roleName })
 */
export class ApiInvokeAccess extends Construct {
  public readonly policy: ManagedPolicy
  /** Set when a principal is given. */
  public readonly role: Role | undefined

  constructor(scope: Construct, id: string, props: ApiInvokeAccessProps) {
    super(scope, id)
    checkInvokePrincipal(props.principal)
    const { api, methods, stageName, policyName, roleName, principal } = props

    this.policy = new ManagedPolicy(this, 'Policy', {
      managedPolicyName: policyName,
      description: `Call the DynamoDBManager API ${api.restApiName}: its routes of stage ${stageName}, nothing else`,
      statements: [
        new PolicyStatement({
          sid: 'InvokeRoutes',
          actions: ['execute-api:Invoke'],
          resources: methods.map((method) =>
            api.arnForExecuteApi(method.httpMethod, method.resource.path, stageName),
          ),
        }),
      ],
    })
    if (principal !== undefined) {
      this.role = new Role(this, 'Role', {
        roleName,
        assumedBy: principalOf(principal),
        description: `Assumed by ${principal} to call the DynamoDBManager API ${api.restApiName}`,
        managedPolicies: [this.policy],
      })
    }
  }
}

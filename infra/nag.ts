import { Stack, Validations } from 'aws-cdk-lib'
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js'
import type { IConstruct } from 'constructs'

/**
 * cdk-nag acknowledgements. Each says why the finding is intended; an unacknowledged
 * finding fails synth. A wildcard finding names the resource as cdk-nag flattens it (with
 * logical ids), so it is computed here with cdk-nag's own flattening rather than written
 * by hand: the acknowledgement follows the resource if its logical id changes.
 */

/**
 * Acknowledges one cdk-nag finding on a construct and everything under it.
 *
 * @example
 * acknowledge(stage, 'AwsSolutions-APIG3', 'No WAF: the API is authenticated and throttled.')
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason })
}

/**
 * Acknowledges AwsSolutions-IAM5 (wildcard permission) for one resource of a policy.
 *
 * @example
 * acknowledgeWildcardResource(policy, 'arn:aws:iam::*:role/cdk-*', 'The CDK bootstrap roles of every region.')
 */
export function acknowledgeWildcardResource(
  scope: IConstruct,
  resource: string,
  reason: string,
): void {
  const flat = flattenCfnReference(Stack.of(scope).resolve(resource))
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${flat}]`, reason)
}

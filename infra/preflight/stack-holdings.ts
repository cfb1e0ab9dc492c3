import { paginateListStackResources } from '@aws-sdk/client-cloudformation'
import type { AwsClients } from './aws-clients.js'
import { ask, isNamed } from './aws-errors.js'
import type { StackPlan } from './plan.js'

/** A resource a stack holds: its CloudFormation type and physical id. */
export interface HeldResource {
  readonly type: string
  readonly physicalId: string
}

/**
 * What one stack already holds, by type and name: a resource of that name in the account is
 * then the stack's own, and the deploy an update of it. A stack that does not exist holds
 * nothing.
 */
export class StackHoldings {
  constructor(
    readonly stackName: string,
    readonly exists: boolean,
    private readonly resources: readonly HeldResource[],
  ) {}

  /**
   * Whether the stack holds a resource of one of `types` named `name`. Most physical ids are
   * the name; a managed policy's is its ARN, which ends in `/<name>`, a topic's its ARN,
   * which ends in `:<name>`, and a WAF web ACL's `<name>|<id>|<scope>`.
   */
  holds(types: readonly string[], name: string): boolean {
    return this.resources.some(
      (each) =>
        types.includes(each.type) &&
        (each.physicalId === name ||
          each.physicalId.endsWith(`/${name}`) ||
          each.physicalId.endsWith(`:${name}`) ||
          each.physicalId.startsWith(`${name}|`)),
    )
  }
}

/** CloudFormation's answer when the stack does not exist: a ValidationError saying so. */
function isMissingStack(error: unknown): boolean {
  return (
    isNamed(error, 'ValidationError') &&
    error instanceof Error &&
    /does not exist/.test(error.message)
  )
}

/**
 * What the stack of `plan` holds in its region.
 *
 * @example
 * const holdings = await readStackHoldings(clients, plan.stacks[0])
 * holdings.holds(['AWS::IAM::Role'], 'lambda-apigateway-role')
 */
export async function readStackHoldings(
  clients: AwsClients,
  { stackName, region }: StackPlan,
): Promise<StackHoldings> {
  const resources = await ask(
    'cloudformation:ListStackResources',
    `stack ${stackName} in ${region}`,
    async () => {
      const found: HeldResource[] = []
      try {
        const pages = paginateListStackResources(
          { client: clients.cloudFormation(region) },
          { StackName: stackName },
        )
        for await (const page of pages) {
          for (const each of page.StackResourceSummaries ?? []) {
            if (each.ResourceType !== undefined && each.PhysicalResourceId !== undefined)
              found.push({ type: each.ResourceType, physicalId: each.PhysicalResourceId })
          }
        }
      } catch (error) {
        if (isMissingStack(error)) return undefined
        throw error
      }
      return found
    },
  )
  return new StackHoldings(stackName, resources !== undefined, resources ?? [])
}

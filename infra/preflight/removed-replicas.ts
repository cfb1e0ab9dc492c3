import { type Check, type CheckContext, type Finding, problem } from './findings.js'
import type { StackPlan } from './plan.js'
import { describeTable } from './table-description.js'

/**
 * A region taken out of `multiRegion.regions` while the stack's global table has a replica
 * there: the deploy would remove that replica, and with deletion protection on (the default)
 * DynamoDB refuses, failing the update half-way (CloudFormation then rolls every stack of the
 * deploy back). The CDK's replica-retention feature flag covers only the older Table
 * construct, not TableV2's AWS::DynamoDB::GlobalTable, so the refusal comes here, first.
 */
async function checkReplicasKept(
  context: CheckContext,
  stack: StackPlan,
  name: string,
): Promise<Finding[]> {
  const table = await describeTable(context, stack.region, name)
  if (table === undefined) return []
  if (!(await context.holdingsOf(stack)).holds(['AWS::DynamoDB::GlobalTable'], name)) return []
  const dropped = (table.Replicas ?? [])
    .map((replica) => replica.RegionName ?? '')
    .filter((region) => region !== '' && !stack.tableRegions.includes(region))
  const findings = await Promise.all(
    dropped.map(async (region) => {
      const replica = await describeTable(context, region, name)
      if (replica?.DeletionProtectionEnabled !== true) return []
      return [
        problem(
          `table ${name} has a replica in ${region}, which is no longer in multiRegion.regions: the deploy would delete it and its deletion protection refuses, failing the update. Keep ${region} in multiRegion.regions, or to drop it: destroy that region's stack first, then aws dynamodb update-table --table-name ${name} --no-deletion-protection-enabled --region ${region}, and deploy again (the items stay in the other regions).`,
        ),
      ]
    }),
  )
  return findings.flat()
}

/** Every table of every stack that creates tables: no replica of one is dropped while protected. */
export const checkRemovedReplicas: Check = (context) =>
  context.plan.stacks
    .filter((stack) => stack.tableRegions.length > 0)
    .flatMap((stack) => stack.tableNames.map((name) => checkReplicasKept(context, stack, name)))

import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { checkAccountRole } from './account-role.js'
import type { AwsClients } from './aws-clients.js'
import { askFor } from './aws-errors.js'
import { checkBootstrap } from './bootstrap.js'
import { checkCertificates } from './certificates.js'
import { checkConcurrency } from './concurrency.js'
import { type Check, type CheckContext, type Finding, settle } from './findings.js'
import { checkHostedZone } from './hosted-zone.js'
import { checkNamedResources } from './named-resources.js'
import type { PreflightPlan, StackPlan } from './plan.js'
import { checkRemovedReplicas } from './removed-replicas.js'
import { readStackHoldings, type StackHoldings } from './stack-holdings.js'

/** The checks, in the order their lines are printed. */
const CHECKS: readonly Check[] = [
  checkBootstrap,
  checkNamedResources,
  checkRemovedReplicas,
  checkConcurrency,
  checkCertificates,
  checkHostedZone,
  checkAccountRole,
]

export interface PreflightResult {
  readonly account: string
  /** One line each, with its fix: the deploy must not start while there is any. */
  readonly problems: readonly string[]
  /** Information: nothing to do. */
  readonly notes: readonly string[]
  /** What `cdk deploy` must pass: `--parameters` values, `STACK:KEY=VALUE`. */
  readonly parameters: readonly string[]
}

function unique(lines: readonly string[]): string[] {
  return [...new Set(lines)]
}

/**
 * Reads the account the credentials belong to and checks the plan against it: every check
 * at once, each AWS read once. Throws a CredentialsFailure when AWS refuses the credentials.
 *
 * @example
 * const result = await runPreflight(plan, awsClients(credentials))
 * if (result.problems.length > 0) process.exitCode = 1
 */
export async function runPreflight(
  plan: PreflightPlan,
  clients: AwsClients,
): Promise<PreflightResult> {
  const region = plan.regions[0] as string
  const identity = await askFor('sts:GetCallerIdentity', 'the account', () =>
    clients.sts(region).send(new GetCallerIdentityCommand({})),
  )
  const account = identity.Account ?? ''
  const partition = identity.Arn?.split(':')[1] ?? 'aws'
  const known = new Map<string, Promise<unknown>>()
  const once = <Value>(key: string, read: () => Promise<Value>): Promise<Value> => {
    if (!known.has(key)) known.set(key, read())
    return known.get(key) as Promise<Value>
  }
  const context: CheckContext = {
    plan,
    clients,
    account,
    partition,
    once,
    holdingsOf: (stack: StackPlan): Promise<StackHoldings> =>
      once(`holdings ${stack.region} ${stack.stackName}`, () => readStackHoldings(clients, stack)),
  }
  const findings: Finding[] = (
    await Promise.all(CHECKS.flatMap((check) => check(context)).map(settle))
  ).flat()
  const lines = (kind: 'problem' | 'note') =>
    unique(findings.flatMap((each) => (each.kind === kind ? [each.line] : [])))
  return {
    account,
    problems: lines('problem'),
    notes: lines('note'),
    parameters: findings.flatMap((each) => (each.kind === 'parameter' ? [each.value] : [])),
  }
}

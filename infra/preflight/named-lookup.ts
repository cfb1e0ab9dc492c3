import type { CheckContext, Finding } from './findings.js'
import { note, problem } from './findings.js'
import type { StackPlan } from './plan.js'

/**
 * A named resource the stack would create that already exists outside it: CloudFormation
 * would fail on it mid-deploy (or, for a retained table, a destroy-then-deploy cycle would).
 * One the stack itself holds is its own: the deploy updates it.
 */

export interface Existing {
  /** How the line names it: `table lambda-apigateway (us-east-1)`. */
  readonly what: string
  /** The stack that would create it. */
  readonly stack: StackPlan
  /**
   * CloudFormation can adopt it (`--import-existing-resources`): its type supports import and
   * the template gives it a static name and a Retain DeletionPolicy.
   */
  readonly importable: boolean
  /** The aws CLI command that removes it. */
  readonly removal: string
  /** It is several resources of a kind, named in one line (the alarms). */
  readonly several?: boolean
}

function outsideTheStack({ what, stack, importable, removal, several }: Existing): string {
  const adopt = importable
    ? ', adopt it with `npm run deploy -- --import-existing-resources` (with your other flags)'
    : ''
  const [exist, it] = several ? ['exist', 'them'] : ['exists', 'it']
  return `${what} ${exist} outside stack ${stack.stackName}: deploy under other names with another -c env=NAME${adopt}, or remove ${it}: ${removal}`
}

/** A problem, or (when the deploy adopts it) a note that it will be imported. */
export function found(context: CheckContext, existing: Existing): Finding {
  if (existing.importable && context.plan.importExistingResources) {
    return note(`${existing.what} will be imported into stack ${existing.stack.stackName}.`)
  }
  return problem(outsideTheStack(existing))
}

/** How one named resource is looked for, and named in the problem. */
export interface Lookup extends Omit<Existing, 'stack'> {
  /** Its name as the stack would hold it (the physical id, or its end). */
  readonly name: string
  /** The CloudFormation types it has in a stack. */
  readonly types: readonly string[]
  /** Whether it exists in the account. */
  exists(): Promise<boolean>
}

export async function checkLookup(context: CheckContext, stack: StackPlan, lookup: Lookup) {
  if (!(await lookup.exists())) return []
  if ((await context.holdingsOf(stack)).holds(lookup.types, lookup.name)) return []
  return [found(context, { ...lookup, stack })]
}

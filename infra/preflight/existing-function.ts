import { GetFunctionCommand } from '@aws-sdk/client-lambda'
import { ask } from './aws-errors.js'
import type { CheckContext } from './findings.js'
import type { StackPlan } from './plan.js'

export interface ExistingFunction {
  /** The stack already holds it: the deploy updates it. */
  readonly held: boolean
  /** The concurrency it reserves now (0 when none). */
  readonly reservedConcurrency: number
}

/**
 * The stack's function as it is in the account, if it exists: read once, for the named
 * resources' check and the reservation's.
 */
export function existingFunction(
  context: CheckContext,
  stack: StackPlan,
): Promise<ExistingFunction | undefined> {
  const name = stack.names.function
  return context.once(`function ${stack.region} ${name}`, async () => {
    const answer = await ask(
      'lambda:GetFunction',
      `function ${name} in ${stack.region}`,
      () =>
        context.clients.lambda(stack.region).send(new GetFunctionCommand({ FunctionName: name })),
      ['ResourceNotFoundException'],
    )
    if (answer?.Configuration === undefined) return undefined
    return {
      held: (await context.holdingsOf(stack)).holds(['AWS::Lambda::Function'], name),
      reservedConcurrency: answer.Concurrency?.ReservedConcurrentExecutions ?? 0,
    }
  })
}

import type { DynamoDBManagerClient } from '../client/client.js'
import { DynamoDBManagerError } from '../client/errors.js'
import { ExitCode, exitCodeOf } from './exit-codes.js'

/**
 * The lab table's partition key (src/table/definition.ts). The CLI shares only the contract
 * with the server, so it names the key here; a table with another key fails at create.
 */
export const KEY_NAME = 'id'

/** The API answered, but not as the step expects: the service misbehaves. */
class UnexpectedAnswer extends Error {}

export interface StepResult {
  readonly name: string
  readonly outcome: 'ok' | 'FAILED' | 'skipped'
  readonly ms?: number
  /** Why the step failed. */
  readonly reason?: string
  /** What the failure means for the exit status. */
  readonly exitCode?: ExitCode
}

export interface SmokeRun {
  readonly results: readonly StepResult[]
  /** Whether the item may still be in the table: a create was sent, and its removal not confirmed. */
  readonly itemMayRemain: boolean
}

/** `smoke-20261125T213800123Z-1f3a9c0e`: sorts by time, unique, plainly a smoke test's. */
export function smokeItemId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '')
  return `smoke-${stamp}-${crypto.randomUUID().slice(0, 8)}`
}

function failureOf(error: unknown): { reason: string; exitCode: ExitCode } {
  if (error instanceof DynamoDBManagerError) {
    const status = error.status === 0 ? 'no answer' : `HTTP ${error.status}`
    return { reason: `${error.code} (${status}): ${error.message}`, exitCode: exitCodeOf(error) }
  }
  const reason = error instanceof Error ? error.message : String(error)
  // A wrong answer is the service's fault; anything else (no credentials, say) the caller's.
  const exitCode = error instanceof UnexpectedAnswer ? ExitCode.ServerError : ExitCode.ClientError
  return { reason, exitCode }
}

/** Resolves when the call fails with this code and status, as the step expects. */
async function expectFailure(
  call: () => Promise<unknown>,
  code: string,
  status: number,
  otherwise: string,
): Promise<void> {
  try {
    await call()
  } catch (error) {
    if (error instanceof DynamoDBManagerError && error.code === code && error.status === status)
      return
    throw error
  }
  throw new UnexpectedAnswer(`${otherwise}; expected ${status} ${code}`)
}

function expectAttribute(item: Readonly<Record<string, unknown>> | undefined, step: string): void {
  const found = item?.step
  if (found !== step)
    throw new UnexpectedAnswer(`the item's "step" is ${JSON.stringify(found)}, not "${step}"`)
}

/**
 * The smoke test's steps, in order: health, ping, then create, read, update, a conditional
 * create that must conflict, delete, and a read that must find nothing, on an item of its
 * own. A failed step (or Ctrl+C) skips the rest, but once a create has been sent the item is
 * deleted whatever happened since (a create that failed may still have been applied). Each
 * result is reported as soon as it is known.
 */
export async function runSmokeSteps(
  client: DynamoDBManagerClient,
  itemId: string,
  report: (result: StepResult) => void,
  /** Aborted on Ctrl+C: the steps left are skipped, but the item is still removed. */
  interrupted?: AbortSignal,
): Promise<SmokeRun> {
  const results: StepResult[] = []
  const key = { [KEY_NAME]: itemId }
  const item = (step: string) => ({ ...key, purpose: 'serverless-lab smoke test', step })

  const record = (result: StepResult) => {
    results.push(result)
    report(result)
  }
  const failed = () => results.some((result) => result.outcome === 'FAILED')
  /** Runs one step and records how it went; never throws. */
  async function attempt(name: string, action: () => Promise<unknown>): Promise<void> {
    const started = performance.now()
    try {
      await action()
      record({ name, outcome: 'ok', ms: performance.now() - started })
    } catch (error) {
      record({ name, outcome: 'FAILED', ms: performance.now() - started, ...failureOf(error) })
    }
  }
  /** A step of the sequence: skipped once one has failed, or on Ctrl+C. */
  async function step(name: string, action: () => Promise<unknown>): Promise<void> {
    if (failed() || interrupted?.aborted) record({ name, outcome: 'skipped' })
    else await attempt(name, action)
  }

  await step('health', async () => {
    const answer = await client.health()
    if (answer?.status !== 'ok') throw new UnexpectedAnswer(`answered ${JSON.stringify(answer)}`)
  })
  await step('ping', async () => {
    const answer = await client.ping()
    if (answer !== 'pong') throw new UnexpectedAnswer(`answered ${JSON.stringify(answer)}`)
  })
  const createSent = !failed() && !interrupted?.aborted
  try {
    await step('create', () => client.create({ Item: item('create') }))
    await step('read', async () =>
      expectAttribute((await client.read({ Key: key })).Item, 'create'),
    )
    await step('update', async () => {
      const { Attributes } = await client.update({
        Key: key,
        UpdateExpression: 'SET #step = :step',
        ExpressionAttributeNames: { '#step': 'step' },
        ExpressionAttributeValues: { ':step': 'update' },
        ReturnValues: 'ALL_NEW',
      })
      expectAttribute(Attributes, 'update')
    })
    await step('conflict', () =>
      expectFailure(
        () =>
          client.create({
            Item: item('conflict'),
            ConditionExpression: `attribute_not_exists(${KEY_NAME})`,
          }),
        'ConditionalCheckFailed',
        409,
        'a create on the condition that the item does not exist replaced it',
      ),
    )
  } finally {
    // Never skipped once a create was sent: the item may exist even if that create failed.
    if (createSent) {
      await attempt('delete', () => client.delete({ Key: key }))
      await attempt('deleted', () =>
        expectFailure(
          () => client.read({ Key: key }),
          'ItemNotFound',
          404,
          'the item is still there after its delete',
        ),
      )
    } else {
      record({ name: 'delete', outcome: 'skipped' })
      record({ name: 'deleted', outcome: 'skipped' })
    }
  }
  const cleanedUp = ['delete', 'deleted'].every((name) =>
    results.some((result) => result.name === name && result.outcome === 'ok'),
  )
  return { results, itemMayRemain: createSent && !cleanedUp }
}

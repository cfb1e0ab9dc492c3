import { GetAccountSettingsCommand, GetFunctionCommand } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { reservableConcurrency } from '../../../infra/preflight/concurrency.js'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { FakeAccount } from './fake-account.js'
import { multiRegionPlan, planFor } from './plans.js'

function withLambdaLimits(
  account: FakeAccount,
  region: string,
  limit: number,
  unreserved: number,
): void {
  account
    .stub('lambda', region)
    .on(GetAccountSettingsCommand)
    .resolves({
      AccountLimit: { ConcurrentExecutions: limit, UnreservedConcurrentExecutions: unreserved },
    })
}

describe('reservableConcurrency', () => {
  it.each([
    // limit, unreserved now, this function's, → the most it may reserve
    [1000, 1000, 0, 900],
    [1000, 300, 0, 200],
    [1000, 300, 50, 250],
    // A new account's limit of 10: Lambda keeps all 10 unreserved.
    [10, 10, 0, 0],
    [50, 50, 0, 0],
  ])('limit %i, %i unreserved, %i its own → %i', (limit, unreserved, own, most) => {
    expect(reservableConcurrency(limit, unreserved, own)).toBe(most)
  })
})

describe('a reservation (reservedConcurrency)', () => {
  it('is no problem within what Lambda leaves reservable', async () => {
    const account = new FakeAccount()
    withLambdaLimits(account, 'us-east-1', 1000, 1000)

    const { problems } = await runPreflight(planFor({ reservedConcurrency: 50 }), account.clients)

    expect(problems).toEqual([])
  })

  it('is a problem in a low-limit account, which can reserve nothing: unset it or raise the quota', async () => {
    const account = new FakeAccount()
    withLambdaLimits(account, 'us-east-1', 10, 10)

    const { problems } = await runPreflight(planFor({ reservedConcurrency: 50 }), account.clients)

    expect(problems).toEqual([
      "reservedConcurrency 50 is more than LambdaFunctionOverHttps can reserve in us-east-1 (at most 0: the account's limit is 10, 10 unreserved now, and Lambda keeps 10 unreserved): unset it (-c reservedConcurrency=), or ask for a limit of 150: aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 150 --region us-east-1",
    ])
  })

  it('names the most it may be when other functions reserve part of the limit', async () => {
    const account = new FakeAccount()
    withLambdaLimits(account, 'us-east-1', 200, 140)

    const { problems } = await runPreflight(planFor({ reservedConcurrency: 50 }), account.clients)

    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('(at most 40:')
    expect(problems[0]).toContain('lower it to 40 or less (-c reservedConcurrency=40)')
    expect(problems[0]).toContain('ask for a limit of 210')
  })

  it("counts back the function's own reservation on an update", async () => {
    // The stack's function reserves 50 already: 100 unreserved of 150 is just enough.
    const account = new FakeAccount()
    withLambdaLimits(account, 'us-east-1', 150, 100)
    account
      .stub('lambda', 'us-east-1')
      .on(GetFunctionCommand)
      .resolves({
        Configuration: { FunctionName: 'LambdaFunctionOverHttps' },
        Concurrency: { ReservedConcurrentExecutions: 50 },
      })
    account.stackHolds('us-east-1', 'DynamoDBManager', [
      { type: 'AWS::Lambda::Function', physicalId: 'LambdaFunctionOverHttps' },
    ])

    const { problems } = await runPreflight(planFor({ reservedConcurrency: 50 }), account.clients)

    expect(problems).toEqual([])
  })

  it('is checked in each region of the multi-region variant', async () => {
    const account = new FakeAccount()
    withLambdaLimits(account, 'us-west-2', 10, 10)

    const { problems } = await runPreflight(
      multiRegionPlan({ reservedConcurrency: 5 }),
      account.clients,
    )

    expect(problems).toEqual([expect.stringContaining('can reserve in us-west-2 (at most 0:')])
  })

  it('is not read when there is none', async () => {
    const account = new FakeAccount()

    await runPreflight(planFor(), account.clients)

    expect(account.requests()).not.toContain('lambda us-east-1 GetAccountSettingsCommand')
  })
})

import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import { GetRoleCommand } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { CredentialsFailure } from '../../../infra/preflight/aws-errors.js'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { awsError, FakeAccount } from './fake-account.js'
import { planFor } from './plans.js'

describe('preflight when AWS says no', () => {
  it('turns an AccessDenied into one line naming the action, and runs the other checks', async () => {
    const account = new FakeAccount()
    account
      .stub('iam', 'us-east-1')
      .on(GetRoleCommand)
      .rejects(awsError('AccessDenied', 'User is not authorized to perform: iam:GetRole', 403))

    const result = await runPreflight(planFor(), account.clients)

    expect(result.problems).toEqual([
      'cannot check role lambda-apigateway-role: access denied to iam:GetRole; allow it (docs/preflight.md lists what preflight reads).',
    ])
    expect(account.requests()).toContain('ssm us-east-1 GetParameterCommand')
  })

  it('says once that it cannot read the stack, however many checks need it', async () => {
    const account = new FakeAccount()
    account
      .stub('cloudFormation', 'us-east-1')
      .on(ListStackResourcesCommand)
      .rejects(awsError('AccessDenied', 'not authorized', 403))
    account
      .stub('iam', 'us-east-1')
      .on(GetRoleCommand)
      .resolves({
        Role: { RoleName: 'r', Path: '/', RoleId: 'R', Arn: 'arn', CreateDate: new Date(0) },
      })

    const { problems } = await runPreflight(planFor(), account.clients)

    expect(problems).toEqual([
      'cannot check stack DynamoDBManager in us-east-1: access denied to cloudformation:ListStackResources; allow it (docs/preflight.md lists what preflight reads).',
    ])
  })

  it("gives a failure of the network or the service as one line, with the SDK's words", async () => {
    const account = new FakeAccount()
    account
      .stub('iam', 'us-east-1')
      .on(GetRoleCommand)
      .rejects(awsError('TimeoutError', 'Socket timed out without establishing a connection\nmore'))

    const { problems } = await runPreflight(planFor(), account.clients)

    expect(problems).toEqual([
      'cannot check role lambda-apigateway-role: iam:GetRole failed (TimeoutError: Socket timed out without establishing a connection); run again, or check the network and the region.',
    ])
  })

  it.each([
    ['ExpiredToken', 'the AWS credentials have expired (ExpiredToken)'],
    ['InvalidClientTokenId', 'AWS refused the credentials (InvalidClientTokenId'],
  ])('stops the whole run when AWS refuses the credentials: %s', async (name, words) => {
    const account = new FakeAccount()
    account
      .stub('sts', 'us-east-1')
      .on(GetCallerIdentityCommand)
      .rejects(awsError(name, 'The security token included in the request is invalid', 403))

    const run = runPreflight(planFor(), account.clients)

    await expect(run).rejects.toBeInstanceOf(CredentialsFailure)
    await expect(run).rejects.toThrow(words)
  })
})

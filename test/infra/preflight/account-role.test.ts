import { GetAccountCommand } from '@aws-sdk/client-api-gateway'
import { describe, expect, it } from 'vitest'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { ACCOUNT, FakeAccount } from './fake-account.js'
import { multiRegionPlan, planFor } from './plans.js'

const ORGANISATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/org/OrgApiGatewayLogs`
const STACK_ROLE = `arn:aws:iam::${ACCOUNT}:role/DynamoDBManager-ApiCloudWatchRole73EC6FC4-1AB2`

function withAccountRole(account: FakeAccount, region: string, arn: string): void {
  account.stub('apiGateway', region).on(GetAccountCommand).resolves({ cloudwatchRoleArn: arn })
}

describe("API Gateway's account CloudWatch role", () => {
  describe('auto (the default)', () => {
    it('has the stack create it where none is set', async () => {
      const account = new FakeAccount()

      const result = await runPreflight(planFor(), account.clients)

      expect(result.parameters).toEqual(['DynamoDBManager:ApiGatewayAccountRole=create'])
      expect(result.notes).toEqual([])
    })

    it('has the stack keep it where it set it itself', async () => {
      const account = new FakeAccount()
      withAccountRole(account, 'us-east-1', STACK_ROLE)
      account.stackHolds('us-east-1', 'DynamoDBManager', [
        { type: 'AWS::IAM::Role', physicalId: 'DynamoDBManager-ApiCloudWatchRole73EC6FC4-1AB2' },
      ])

      const result = await runPreflight(planFor(), account.clients)

      expect(result.parameters).toEqual(['DynamoDBManager:ApiGatewayAccountRole=create'])
      expect(result.problems).toEqual([])
    })

    it('keeps one set outside the stack, and says so in a note, not a problem', async () => {
      const account = new FakeAccount()
      withAccountRole(account, 'us-east-1', ORGANISATION_ROLE)

      const result = await runPreflight(planFor(), account.clients)

      expect(result.parameters).toEqual(['DynamoDBManager:ApiGatewayAccountRole=keep'])
      expect(result.notes).toEqual([
        `API Gateway in us-east-1 already logs with role ${ORGANISATION_ROLE}, set outside this app: stack DynamoDBManager keeps it (ApiGatewayAccountRole=keep).`,
      ])
      expect(result.problems).toEqual([])
    })

    it('decides per region', async () => {
      const account = new FakeAccount()
      withAccountRole(account, 'us-west-2', ORGANISATION_ROLE)

      const result = await runPreflight(multiRegionPlan(), account.clients)

      expect(result.parameters).toEqual([
        'DynamoDBManagerGlobal-us-east-1:ApiGatewayAccountRole=create',
        'DynamoDBManagerGlobal-us-west-2:ApiGatewayAccountRole=keep',
      ])
    })

    it('takes a role of another stack of this app for one set outside this stack', async () => {
      // The role a prod stack set is not dev's to replace, nor to delete on dev's destroy.
      const account = new FakeAccount()
      withAccountRole(account, 'us-east-1', STACK_ROLE)
      account.stackHolds('us-east-1', 'DynamoDBManager', [
        { type: 'AWS::IAM::Role', physicalId: 'DynamoDBManager-ApiCloudWatchRole73EC6FC4-1AB2' },
      ])

      const result = await runPreflight(planFor({ env: 'dev' }), account.clients)

      expect(result.parameters).toEqual(['DynamoDBManager-dev:ApiGatewayAccountRole=keep'])
    })
  })

  describe('true', () => {
    it('is a problem where a role is set outside the stack', async () => {
      const account = new FakeAccount()
      withAccountRole(account, 'us-east-1', ORGANISATION_ROLE)

      const result = await runPreflight(
        planFor({ apiGatewayCloudWatchRole: 'true' }),
        account.clients,
      )

      expect(result.problems).toEqual([
        `API Gateway in us-east-1 already logs with role ${ORGANISATION_ROLE}, set outside stack DynamoDBManager, and apiGatewayCloudWatchRole=true would replace it: use -c apiGatewayCloudWatchRole=auto (keep it) or -c apiGatewayCloudWatchRole=false`,
      ])
      expect(result.parameters).toEqual([])
    })

    it('is no problem where none is set, or the stack set it', async () => {
      const account = new FakeAccount()
      withAccountRole(account, 'us-west-2', STACK_ROLE)
      account.stackHolds('us-west-2', 'DynamoDBManagerGlobal-us-west-2', [
        { type: 'AWS::IAM::Role', physicalId: 'DynamoDBManager-ApiCloudWatchRole73EC6FC4-1AB2' },
      ])

      const result = await runPreflight(
        multiRegionPlan({ apiGatewayCloudWatchRole: true }),
        account.clients,
      )

      expect(result.problems).toEqual([])
      expect(result.parameters).toEqual([])
    })
  })

  it('false: nothing is read, nothing passed', async () => {
    const account = new FakeAccount()
    withAccountRole(account, 'us-east-1', ORGANISATION_ROLE)

    const result = await runPreflight(
      planFor({ apiGatewayCloudWatchRole: 'false' }),
      account.clients,
    )

    expect(result).toMatchObject({ problems: [], notes: [], parameters: [] })
    expect(account.requests()).not.toContain('apiGateway us-east-1 GetAccountCommand')
  })
})

import { describe, expect, it } from 'vitest'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { ACCOUNT, FakeAccount } from './fake-account.js'
import { multiRegionPlan, planFor } from './plans.js'

describe('preflight on a clean account', () => {
  it('finds nothing in the single-region variant, and has the stack create the account role', async () => {
    const account = new FakeAccount()

    const result = await runPreflight(planFor(), account.clients)

    expect(result).toEqual({
      account: ACCOUNT,
      problems: [],
      notes: [],
      parameters: ['DynamoDBManager:ApiGatewayAccountRole=create'],
    })
  })

  it('finds nothing in the multi-region variant, reading each region', async () => {
    const account = new FakeAccount()

    const result = await runPreflight(multiRegionPlan(), account.clients)

    expect(result.problems).toEqual([])
    expect(result.parameters).toEqual([
      'DynamoDBManagerGlobal-us-east-1:ApiGatewayAccountRole=create',
      'DynamoDBManagerGlobal-us-west-2:ApiGatewayAccountRole=create',
    ])
    // The global table is looked for in both regions; each region's bootstrap is read.
    const requests = account.requests()
    expect(requests).toContain('dynamoDb us-west-2 DescribeTableCommand')
    expect(requests).toContain('ssm us-west-2 GetParameterCommand')
    expect(requests).toContain('acm us-west-2 DescribeCertificateCommand')
  })
})

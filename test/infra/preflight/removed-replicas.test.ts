import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { multiRegion } from '../settings/contexts.js'
import { FakeAccount } from './fake-account.js'
import { multiRegionPlan } from './plans.js'

const primary = 'DynamoDBManagerGlobal-us-east-1'

/**
 * The account after a deploy to three regions: the primary's stack holds the global table,
 * with replicas in us-west-2 and eu-west-1; eu-west-1's replica has `protection` on or off.
 */
function afterThreeRegions(protection: boolean): FakeAccount {
  const account = new FakeAccount()
  account.stackHolds('us-east-1', primary, [
    { type: 'AWS::DynamoDB::GlobalTable', physicalId: 'lambda-apigateway' },
  ])
  const replicas = ['us-east-1', 'us-west-2', 'eu-west-1'].map((RegionName) => ({ RegionName }))
  for (const region of ['us-east-1', 'us-west-2']) {
    account
      .stub('dynamoDb', region)
      .on(DescribeTableCommand)
      .resolves({ Table: { TableName: 'lambda-apigateway', Replicas: replicas } })
  }
  account
    .stub('dynamoDb', 'eu-west-1')
    .on(DescribeTableCommand)
    .resolves({
      Table: {
        TableName: 'lambda-apigateway',
        Replicas: replicas,
        DeletionProtectionEnabled: protection,
      },
    })
  return account
}

describe('a region taken out of multiRegion.regions', () => {
  it('is a problem while its replica is protected: the update would fail half-way', async () => {
    const account = afterThreeRegions(true)

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      "table lambda-apigateway has a replica in eu-west-1, which is no longer in multiRegion.regions: the deploy would delete it and its deletion protection refuses, failing the update. Keep eu-west-1 in multiRegion.regions, or to drop it: destroy that region's stack first, then aws dynamodb update-table --table-name lambda-apigateway --no-deletion-protection-enabled --region eu-west-1, and deploy again (the items stay in the other regions).",
    ])
  })

  it('is no problem once its replica is unprotected: the deploy removes it', async () => {
    const account = afterThreeRegions(false)

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([])
  })

  it('is no problem while the region stays', async () => {
    const account = afterThreeRegions(true)
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1']
    const certificateArns = Object.fromEntries(
      regions.map((region) => [region, `arn:aws:acm:${region}:111122223333:certificate/c`]),
    )

    const kept = multiRegionPlan({ multiRegion: { ...multiRegion, regions, certificateArns } })
    const { problems } = await runPreflight(kept, account.clients)

    expect(problems.filter((line) => line.includes('no longer in'))).toEqual([])
  })
})

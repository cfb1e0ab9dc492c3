import { GetParameterCommand, ParameterNotFound } from '@aws-sdk/client-ssm'
import { describe, expect, it } from 'vitest'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { ACCOUNT, FakeAccount } from './fake-account.js'
import { multiRegionPlan, planFor } from './plans.js'

describe('the CDK bootstrap', () => {
  it('is a problem where it is missing, in any target region', async () => {
    const account = new FakeAccount()
    account
      .stub('ssm', 'us-west-2')
      .on(GetParameterCommand)
      .rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }))

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      `us-west-2 is not bootstrapped for the CDK (no /cdk-bootstrap/hnb659fds/version parameter): npx cdk bootstrap aws://${ACCOUNT}/us-west-2`,
    ])
  })

  it('is a problem when older than the synthesized stacks require', async () => {
    const account = new FakeAccount()
    account
      .stub('ssm', 'us-east-1')
      .on(GetParameterCommand)
      .resolves({ Parameter: { Value: '5' } })

    const { problems } = await runPreflight(planFor(), account.clients)

    expect(problems).toEqual([
      `the CDK bootstrap in us-east-1 is version 5; this app needs 6 or later: npx cdk bootstrap aws://${ACCOUNT}/us-east-1`,
    ])
  })

  it('is the one of the qualifier cdk.json names, if any', async () => {
    const account = new FakeAccount()
    account
      .stub('ssm', 'us-east-1')
      .on(GetParameterCommand, { Name: '/cdk-bootstrap/lab123/version' })
      .rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }))

    const { problems } = await runPreflight(
      planFor({ '@aws-cdk/core:bootstrapQualifier': 'lab123' }),
      account.clients,
    )

    expect(problems).toEqual([
      `us-east-1 is not bootstrapped for the CDK (no /cdk-bootstrap/lab123/version parameter): npx cdk bootstrap aws://${ACCOUNT}/us-east-1 --qualifier lab123`,
    ])
  })

  it('is no problem when recent enough', async () => {
    const account = new FakeAccount()
    account
      .stub('ssm', 'us-east-1')
      .on(GetParameterCommand)
      .resolves({ Parameter: { Value: '6' } })

    const { problems } = await runPreflight(planFor(), account.clients)

    expect(problems).toEqual([])
  })
})

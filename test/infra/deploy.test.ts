import { describe, expect, it } from 'vitest'
import { cdkDeployArgs, type DeployDeps, deploy } from '../../infra/deploy.js'
import type { PreflightOutcome } from '../../infra/preflight/run.js'

describe('the cdk deploy that npm run deploy runs', () => {
  it("passes every flag through as given, then preflight's parameters", () => {
    const args = [
      '--all',
      '-c',
      'env=dev',
      '--outputs-file',
      'outputs.json',
      '--require-approval',
      'never',
      '--import-existing-resources',
    ]

    expect(
      cdkDeployArgs(args, [
        'DynamoDBManagerGlobal-dev-us-east-1:ApiGatewayAccountRole=create',
        'DynamoDBManagerGlobal-dev-us-west-2:ApiGatewayAccountRole=keep',
      ]),
    ).toEqual([
      'deploy',
      '--no-notices',
      ...args,
      '--parameters',
      'DynamoDBManagerGlobal-dev-us-east-1:ApiGatewayAccountRole=create',
      '--parameters',
      'DynamoDBManagerGlobal-dev-us-west-2:ApiGatewayAccountRole=keep',
    ])
  })

  it.each([
    [['--parameters', 'DynamoDBManager:ApiGatewayAccountRole=create']],
    [['--parameters=DynamoDBManager:ApiGatewayAccountRole=create']],
    [['--parameters', 'ApiGatewayAccountRole=create']],
  ])('leaves the account role to the user who gives it: %j', (given) => {
    expect(cdkDeployArgs(given, ['DynamoDBManager:ApiGatewayAccountRole=keep'])).toEqual([
      'deploy',
      '--no-notices',
      ...given,
    ])
  })
})

/** A deploy whose preflight answers `outcome`, recording what it would run. */
function fakeDeploy(outcome: PreflightOutcome) {
  const runs: Array<{ args: readonly string[]; env: NodeJS.ProcessEnv }> = []
  const preflights: Array<readonly string[]> = []
  const deps: DeployDeps = {
    preflight: async (args) => {
      preflights.push(args)
      return outcome
    },
    cdk: async (args, env) => {
      runs.push({ args, env })
      return 0
    },
  }
  let stderr = ''
  const io = {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    env: { AWS_PROFILE: 'lab' },
  }
  return { deps, io, runs, preflights, stderr: () => stderr }
}

describe('npm run deploy', () => {
  it('runs preflight with the same flags, then cdk deploy without telemetry', async () => {
    const fake = fakeDeploy({ code: 0, parameters: ['DynamoDBManager:ApiGatewayAccountRole=keep'] })

    const code = await deploy(['-c', 'region=eu-west-1'], fake.io, fake.deps)

    expect(code).toBe(0)
    expect(fake.preflights).toEqual([['-c', 'region=eu-west-1']])
    expect(fake.runs).toEqual([
      {
        args: [
          'deploy',
          '--no-notices',
          '-c',
          'region=eu-west-1',
          '--parameters',
          'DynamoDBManager:ApiGatewayAccountRole=keep',
        ],
        env: { AWS_PROFILE: 'lab', CDK_DISABLE_CLI_TELEMETRY: 'true' },
      },
    ])
  })

  it('does not start cdk deploy when preflight finds a problem', async () => {
    const fake = fakeDeploy({ code: 1, parameters: [] })

    const code = await deploy(['--all'], fake.io, fake.deps)

    expect(code).toBe(1)
    expect(fake.runs).toEqual([])
    expect(fake.stderr()).toBe('deploy: not started; preflight found what would fail (above).\n')
  })

  it('shows cdk deploy --help without a preflight', async () => {
    const fake = fakeDeploy({ code: 1, parameters: [] })

    await deploy(['--help'], fake.io, fake.deps)

    expect(fake.preflights).toEqual([])
    expect(fake.runs.map((run) => run.args)).toEqual([['deploy', '--no-notices', '--help']])
  })
})

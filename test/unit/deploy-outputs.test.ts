import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployOutputsFrom, readDeployOutputsSync } from '../../src/cli/deploy-outputs.js'
import { UsageError } from '../../src/cli/exit-codes.js'

const FILE = 'outputs.json'
const URL_WEST = 'https://abcdef1234.execute-api.eu-west-1.amazonaws.com/Prod/DynamoDBManager'
const URL_EAST = 'https://ghijkl5678.execute-api.us-east-1.amazonaws.com/Prod/DynamoDBManager'
const WEST = { ManagerUrl: URL_WEST, Region: 'eu-west-1', ApiId: 'abcdef1234' }
const EAST = { ManagerUrl: URL_EAST, Region: 'us-east-1', ApiId: 'ghijkl5678', ApiKeyId: 'k1' }

/** The one-line UsageError a call throws. */
function refusalOf(call: () => unknown): UsageError {
  try {
    call()
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).not.toContain('\n')
    return error as UsageError
  }
  throw new Error('expected a UsageError')
}

describe('deployOutputsFrom', () => {
  it('reads the one stack of the file', () => {
    expect(deployOutputsFrom({ Lab: WEST }, FILE)).toEqual({
      stackName: 'Lab',
      managerUrl: URL_WEST,
      region: 'eu-west-1',
      apiKeyId: undefined,
    })
  })

  it('reads the API key id when the stack takes keys', () => {
    expect(deployOutputsFrom({ Lab: EAST }, FILE).apiKeyId).toBe('k1')
  })

  it('takes the stack --stack names, among several', () => {
    const outputs = deployOutputsFrom({ West: WEST, East: EAST }, FILE, 'East')
    expect(outputs).toMatchObject({ stackName: 'East', managerUrl: URL_EAST, region: 'us-east-1' })
  })

  it('takes the only stack with an API when others have none (a global table stack)', () => {
    const outputs = deployOutputsFrom({ Tables: { TableName: 'lab' }, West: WEST }, FILE)
    expect(outputs.stackName).toBe('West')
  })

  it.each([
    {
      what: 'several stacks with an API and no --stack',
      json: { West: WEST, East: EAST },
      stack: undefined,
      says: 'outputs.json holds several stacks with an API (West, East): pick one with --stack NAME.',
    },
    {
      what: 'a --stack the file does not hold',
      json: { West: WEST, East: EAST },
      stack: 'North',
      says: '--stack North is not in outputs.json; it holds West, East.',
    },
    {
      what: 'a stack without ManagerUrl and Region',
      json: { Lab: { ApiId: 'x' } },
      stack: undefined,
      says: 'Stack Lab in outputs.json has no ManagerUrl or Region output: deploy the current CDK app, or give --url and --region.',
    },
    {
      what: 'a stack without Region',
      json: { West: { ManagerUrl: URL_WEST } },
      stack: 'West',
      says: 'Stack West in outputs.json has no Region output: deploy the current CDK app, or give --url and --region.',
    },
    {
      what: 'several stacks, none with an API',
      json: { A: {}, B: {} },
      stack: undefined,
      says: /^No stack in outputs\.json has a ManagerUrl \(it holds A, B\); expected /,
    },
    {
      what: 'no stacks at all',
      json: [],
      stack: undefined,
      says: /^--outputs-file outputs\.json holds no stack outputs; expected \{"<StackName>"/,
    },
  ])('refuses $what in one line', ({ json, stack, says }) => {
    const refusal = refusalOf(() => deployOutputsFrom(json, FILE, stack))
    if (typeof says === 'string') expect(refusal.message).toBe(says)
    else expect(refusal.message).toMatch(says)
  })
})

describe('readDeployOutputsSync', () => {
  let folder: string
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'serverless-lab-outputs-'))
  })
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('reads the file cdk deploy --outputs-file writes', async () => {
    const file = join(folder, 'good.json')
    await writeFile(file, JSON.stringify({ Lab: WEST }, null, 2))
    expect(readDeployOutputsSync(file)).toMatchObject({ managerUrl: URL_WEST })
  })

  it.each([
    [
      'a file that is not there',
      'missing.json',
      undefined,
      /: cannot read it \(ENOENT\); write it with cdk deploy --outputs-file /,
    ],
    [
      'a file that is not JSON',
      'broken.json',
      '{"Lab": ',
      /^--outputs-file .*broken\.json is not JSON: /,
    ],
  ])('refuses %s in one line', async (_what, name, content, says) => {
    // Prepare
    const file = join(folder, name)
    if (content !== undefined) await writeFile(file, content)

    // Act
    let refusal: unknown
    try {
      readDeployOutputsSync(file)
    } catch (error) {
      refusal = error
    }

    // Assess
    expect(refusal).toBeInstanceOf(UsageError)
    expect((refusal as Error).message).toMatch(says)
    expect((refusal as Error).message).not.toContain('\n')
  })
})

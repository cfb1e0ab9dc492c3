import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { GetRoleCommand } from '@aws-sdk/client-iam'
import { describe, expect, it, onTestFinished } from 'vitest'
import { cdkContext } from '../../../infra/preflight/cdk-context.js'
import { parsePreflightArgs } from '../../../infra/preflight/command-line.js'
import type { PreflightIo } from '../../../infra/preflight/report.js'
import { type PreflightDeps, runPreflightCommand } from '../../../infra/preflight/run.js'
import { ACCOUNT, FakeAccount } from './fake-account.js'

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'preflight-'))
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
  return folder
}

describe('the command line preflight reads', () => {
  it('takes the context, the profile and import from a cdk deploy command line, and leaves the rest', () => {
    const args = [
      '--all',
      '-c',
      'env=dev',
      '--context',
      'region=eu-west-1',
      '--context=settingsFile=a=b.json',
      '--require-approval',
      'never',
      '--profile',
      'lab',
      '--import-existing-resources',
      '--outputs-file',
      'out.json',
    ]

    expect(parsePreflightArgs(args)).toEqual({
      context: { env: 'dev', region: 'eu-west-1', settingsFile: 'a=b.json' },
      profile: 'lab',
      importExistingResources: true,
      help: false,
    })
  })

  it('reads every KEY=VALUE after -c, as the CDK CLI does, and a blank value', () => {
    expect(
      parsePreflightArgs(['-c', 'env=dev', 'auth=apiKey', 'Stack', '-c', 'reservedConcurrency='])
        .context,
    ).toEqual({
      env: 'dev',
      auth: 'apiKey',
      reservedConcurrency: '',
    })
  })

  it('refuses -c without KEY=VALUE in one line', () => {
    expect(() => parsePreflightArgs(['-c', 'env'])).toThrow(
      '-c expects KEY=VALUE, e.g. -c env=dev; got env.',
    )
  })
})

describe('the context preflight reads the settings from', () => {
  it("is the CDK CLI's: -c first, then cdk.json, cdk.context.json and ~/.cdk.json", () => {
    const project = tempFolder()
    const home = tempFolder()
    writeFileSync(
      join(project, 'cdk.json'),
      JSON.stringify({ context: { a: 'cdk.json', b: 'cdk.json' } }),
    )
    writeFileSync(join(project, 'cdk.context.json'), JSON.stringify({ b: 'context', c: 'context' }))
    writeFileSync(join(home, '.cdk.json'), JSON.stringify({ context: { c: 'home', d: 'home' } }))

    const context = cdkContext({ a: 'command line' }, { projectRoot: project, home })

    expect(['a', 'b', 'c', 'd', 'constructor'].map(context)).toEqual([
      'command line',
      'cdk.json',
      'context',
      'home',
      undefined,
    ])
  })
})

interface Printed {
  readonly code: number
  readonly stdout: string[]
  readonly stderr: string[]
  readonly parameters: readonly string[]
}

/** Runs the command in-process against a fake account, collecting its lines. */
async function preflight(
  args: string[],
  account: FakeAccount,
  credentials: () => Promise<unknown> = async () => ({ accessKeyId: 'A', secretAccessKey: 'S' }),
): Promise<Printed> {
  let stdout = ''
  let stderr = ''
  const io: PreflightIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  }
  const deps: PreflightDeps = {
    credentials: async () => credentials as never,
    clients: async () => account.clients,
    projectRoot: PROJECT_ROOT,
    home: tempFolder(),
  }
  const { code, parameters } = await runPreflightCommand(args, io, deps)
  const lines = (text: string) => text.split('\n').filter((line) => line !== '')
  return { code, stdout: lines(stdout), stderr: lines(stderr), parameters }
}

describe('npm run preflight, in-process', () => {
  it('passes quietly on a clean account: one short ok line', async () => {
    const run = await preflight(['-c', 'env=dev'], new FakeAccount())

    expect(run).toEqual({
      code: 0,
      stdout: [`preflight ok: DynamoDBManager-dev (us-east-1), account ${ACCOUNT}`],
      stderr: [],
      parameters: ['DynamoDBManager-dev:ApiGatewayAccountRole=create'],
    })
  })

  it('prints one line per problem and a count, and exits 1', async () => {
    const account = new FakeAccount()
    account
      .stub('iam', 'us-east-1')
      .on(GetRoleCommand)
      .resolves({
        Role: { RoleName: 'r', Path: '/', RoleId: 'R', Arn: 'arn', CreateDate: new Date(0) },
      })

    const run = await preflight([], account)

    expect(run.code).toBe(1)
    expect(run.stdout).toEqual([])
    expect(run.stderr).toEqual([
      expect.stringMatching(
        /^problem: role lambda-apigateway-role exists outside stack DynamoDBManager: /,
      ),
      `preflight: 1 problem for DynamoDBManager (us-east-1) in account ${ACCOUNT}: fix it, then run again.`,
    ])
  })

  it('without credentials: one line saying how to provide them, exit 1, no AWS request', async () => {
    const account = new FakeAccount()
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    })

    const run = await preflight(['--profile', 'lab'], account, () => Promise.reject(missing))

    expect(run.code).toBe(1)
    expect(run.stdout).toEqual([])
    expect(run.stderr).toEqual([
      'preflight: no AWS credentials (profile lab: Could not load credentials from any providers): run `aws configure`, or `aws sso login --profile NAME` and set AWS_PROFILE=NAME (or pass --profile NAME), then run again.',
    ])
    expect(account.requests()).toEqual([])
  })

  it.each([
    [['-c', 'env=Prod'], /^preflight: env: expected a short lowercase name/],
    [
      ['-c', 'variant=all', '-c', 'settingsFile=infra/settings.multi-region.example.json'],
      /^preflight: variant: "all" builds both variants/,
    ],
    [
      ['-c', 'settingsFile=/nonexistent.json'],
      /^preflight: settingsFile: cannot read \/nonexistent\.json as JSON/,
    ],
  ])('stops on a bad setting with one line naming the key: %j', async (args, line) => {
    const run = await preflight(args, new FakeAccount())

    expect(run.code).toBe(1)
    expect(run.stderr).toEqual([expect.stringMatching(line)])
  })
})

describe('the settings preflight reads', () => {
  it("are the app's own: a settings file's misspelt key stops it as it stops synth", async () => {
    const file = join(tempFolder(), 'settings.json')
    writeFileSync(file, JSON.stringify({ reservedConcurency: 5 }))

    const run = await preflight(['-c', `settingsFile=${file}`], new FakeAccount())

    expect(run.code).toBe(1)
    expect(run.stderr).toEqual([
      `preflight: reservedConcurency: is not a setting (in ${file}). Did you mean reservedConcurrency?`,
    ])
  })
})

describe('npm run preflight, as a process without credentials', () => {
  it('prints one line on stderr and exits non-zero, in a few seconds, with no network', async () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: tempFolder(),
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
    }
    const started = Date.now()

    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'infra/preflight/main.ts', '-c', 'env=dev'],
      { cwd: PROJECT_ROOT, env, timeout: 20_000 },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    )

    expect(run.code).not.toBe(0)
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^preflight: no AWS credentials \(Could not load credentials from any providers\): run `aws configure`/,
      ),
    ])
    expect(run.stdout).toBe('')
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})

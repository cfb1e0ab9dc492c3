import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../src/client/client.js'
import { DynamoDBManagerError } from '../../src/client/errors.js'
import { sigV4Auth } from '../../src/client/sigv4.js'
import { afterTest } from '../support/after-test.js'
import { fakeAwsEnvironment } from '../support/aws-environment.js'
import { type CaptureServer, startCaptureServer } from '../support/capture-server.js'
import { runCliInProcess } from '../support/cli-io.js'

const PROJECT_ROOT = new URL('../../', import.meta.url).pathname

/** A profile whose SSO session was never started (no token in the SSO cache). */
const SSO_CONFIG = [
  '[profile sso]',
  'sso_start_url = https://example.awsapps.com/start',
  'sso_region = us-east-1',
  'sso_account_id = 123456789012',
  'sso_role_name = Lab',
  '',
].join('\n')

const LAB_CREDENTIALS = '[lab]\naws_access_key_id = AKIDLAB\naws_secret_access_key = secret\n'

/** A line of a stack trace, as Node prints one. */
const STACK_LINE = /^\s+at /m

describe('credentials that cannot be loaded', () => {
  let capture: CaptureServer

  beforeAll(async () => {
    capture = await startCaptureServer({ status: 200, body: '"pong"' })
  })

  afterAll(async () => {
    await capture?.close()
  })

  it.each([
    {
      what: 'an unknown profile',
      files: { credentials: LAB_CREDENTIALS },
      profile: 'nosuch',
      says: /^AWS profile "nosuch" is not in \S+config or \S+credentials: create it with "aws configure --profile nosuch"/,
    },
    {
      what: 'an SSO profile without a session',
      files: { config: SSO_CONFIG },
      profile: 'sso',
      says: /^The SSO session of AWS profile "sso" has expired or was never started: run "aws sso login --profile sso"\.$/,
    },
    {
      what: 'no credentials anywhere',
      files: {},
      profile: undefined,
      says: /^No AWS credentials found \(.*\): run "aws configure", or "aws sso login --profile NAME"/,
    },
  ])(
    'the client throws a CredentialsError for $what, naming it and the fix',
    async ({ files, profile, says }) => {
      // Prepare
      await fakeAwsEnvironment(files)
      const client = createClient({
        url: capture.url,
        signer: sigV4Auth({ region: 'us-east-1', ...(profile === undefined ? {} : { profile }) }),
      })
      const sent = capture.requests.length

      // Act
      const error = await client.ping().catch((failure: unknown) => failure)

      // Assess
      expect(error).toBeInstanceOf(DynamoDBManagerError)
      expect(error).toMatchObject({
        code: 'CredentialsError',
        status: 0,
        isClientError: true,
        isServerError: false,
      })
      expect((error as Error).message).toMatch(says)
      expect(capture.requests).toHaveLength(sent)
    },
  )

  it('reports expired credentials from the environment instead of sending them', async () => {
    // Prepare
    const env = await fakeAwsEnvironment(
      {},
      {
        AWS_ACCESS_KEY_ID: 'AKIDEXPIRED',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
        AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z',
      },
    )
    const sent = capture.requests.length

    // Act
    const run = await runCliInProcess(
      ['ping', '--region', 'us-east-1', '--url', capture.url.href],
      {
        env,
      },
    )

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'serverless-lab: The AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN) expired at 2020-01-01T00:00:00.000Z: unset them, or set fresh ones with eval "$(aws configure export-credentials --format env)".\n',
    )
    expect(capture.requests).toHaveLength(sent)
  })

  it.each([
    [
      'The security token included in the request is expired',
      'renew the AWS credentials: "aws sso login --profile NAME" (SSO) or "aws configure".',
    ],
    [
      'Missing Authentication Token',
      'give --profile or --region (a custom domain is signed only when asked).',
    ],
  ])('adds what to do to API Gateway\'s 403 "%s"', async (message, hint) => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    const gateway = await startCaptureServer({ status: 403, body: JSON.stringify({ message }) })
    afterTest(() => gateway.close())

    // Act
    const run = await runCliInProcess(['ping', '--url', gateway.url.href], { env })

    // Assess
    expect(run.code).toBe(1)
    const prefix = `An error occurred (Forbidden, HTTP 403) when calling the ping operation: ${message}; `
    expect(run.stderr.startsWith(prefix)).toBe(true)
    expect(run.stderr.endsWith(`${hint}\n`)).toBe(true)
    expect(run.stderr.split('\n')).toHaveLength(2)
  })

  it('names the profile AWS_PROFILE chose, as the credential chain does', async () => {
    // Prepare
    await fakeAwsEnvironment({ config: SSO_CONFIG }, { AWS_PROFILE: 'sso' })
    const client = createClient({ url: capture.url, signer: sigV4Auth({ region: 'us-east-1' }) })

    // Act
    const error = await client.ping().catch((failure: unknown) => failure)

    // Assess
    expect((error as Error).message).toContain('aws sso login --profile sso')
  })

  it('is one line and exit 1 from the CLI, for an unknown profile', async () => {
    // Prepare
    const env = await fakeAwsEnvironment({ credentials: LAB_CREDENTIALS })

    // Act
    const run = await runCliInProcess(
      ['--profile', 'nosuch', '--region', 'us-east-1', 'ping', '--url', capture.url.href],
      { env },
    )

    // Assess
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /^serverless-lab: AWS profile "nosuch" is not in .*"aws configure --profile nosuch".*\n$/,
    )
    expect(run.stderr.split('\n')).toHaveLength(2)
  })

  it('stops a bulk command at once, not once per line', async () => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    const lines = ['{"id": "1"}', '{"id": "2"}', '{"id": "3"}'].join('\n')

    // Act
    const run = await runCliInProcess(
      ['import', '-', '--region', 'us-east-1', '--url', capture.url.href],
      { env, stdin: lines },
    )

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^serverless-lab: No AWS credentials found .*aws configure.*\n$/)
  })

  it("prints no stack trace and exits 1 from the process (the issue's reproduction)", async () => {
    // Prepare
    const env = await fakeAwsEnvironment({ credentials: LAB_CREDENTIALS })

    // Act
    const run = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        '--profile',
        'nosuch',
        '--region',
        'us-east-1',
        'ping',
        '--url',
        capture.url.href,
      ],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, timeout: 20_000 },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    )

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr).not.toMatch(STACK_LINE)
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^serverless-lab: AWS profile "nosuch" is not in /),
    ])
  })
})

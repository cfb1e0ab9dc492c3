import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished, vi } from 'vitest'

/** The variables through which the AWS SDK could find credentials or a Region elsewhere. */
const CLEARED = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'SERVERLESS_LAB_URL',
  'SERVERLESS_LAB_API_KEY',
  'SERVERLESS_LAB_TABLE',
]

export interface FakeAwsFiles {
  /** `~/.aws/config`'s text, e.g. `[profile lab]\nregion = eu-west-1\n`. */
  readonly config?: string
  /** `~/.aws/credentials`'s text. */
  readonly credentials?: string
}

/**
 * An AWS environment of the test's own, for the rest of the current test: the given config
 * and credentials files in a temporary folder (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE),
 * no other credential source (the instance metadata service is off: nothing leaves the
 * machine), and `variables` set. Returns the environment, for the CLI's `io.env` too.
 */
export async function fakeAwsEnvironment(
  files: FakeAwsFiles,
  variables: Record<string, string> = {},
): Promise<Record<string, string>> {
  const folder = await mkdtemp(join(tmpdir(), 'serverless-lab-aws-'))
  onTestFinished(() => rm(folder, { recursive: true, force: true }))
  const config = join(folder, 'config')
  const credentials = join(folder, 'credentials')
  await writeFile(config, files.config ?? '')
  await writeFile(credentials, files.credentials ?? '')
  const env = {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...variables,
  }
  for (const name of CLEARED) vi.stubEnv(name, undefined)
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
  onTestFinished(() => {
    vi.unstubAllEnvs()
  })
  return env
}

/** A request as a stubbed fetch received it. */
export interface FetchedRequest {
  readonly url: string
  readonly method: string
  readonly headers: Record<string, string>
}

/**
 * Replaces the global fetch, for the rest of the current test, with one that records each
 * request and answers `body` (or fails as `failure` says): to see what the CLI sends to an
 * execute-api host, or how it reports a network failure, without any network.
 */
export function stubFetch({
  status = 200,
  body = '"pong"',
  failure,
}: {
  status?: number
  body?: string
  failure?: () => unknown
} = {}): FetchedRequest[] {
  const requests: FetchedRequest[] = []
  vi.stubGlobal('fetch', async (input: URL | string, init: RequestInit = {}) => {
    requests.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
    })
    if (failure !== undefined) throw failure()
    return new Response(body, { status, headers: { 'content-type': 'application/json' } })
  })
  onTestFinished(() => {
    vi.unstubAllGlobals()
  })
  return requests
}

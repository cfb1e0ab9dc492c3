import { DynamoDBManagerError } from './errors.js'

/** Where the AWS CLI and SDKs look for profiles, unless the environment points elsewhere. */
async function profileFiles(): Promise<readonly string[]> {
  // Loaded here, on a failure only: the client also runs in browsers, which never sign.
  const { homedir } = await import('node:os')
  const { join } = await import('node:path')
  return [
    process.env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config'),
    process.env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'),
  ]
}

/** Whether a profile has a section, `[profile NAME]` (config) or `[NAME]` (either file). */
async function profileIsDefined(profile: string): Promise<boolean> {
  const { readFile } = await import('node:fs/promises')
  for (const file of await profileFiles()) {
    const text = await readFile(file, 'utf8').catch(() => '')
    for (const [, section = ''] of text.matchAll(/^\s*\[([^\]]+)\]/gm)) {
      const name = section.trim().replace(/^profile\s+/, '')
      if (name === profile) return true
    }
  }
  return false
}

const firstLine = (text: string) => text.split('\n')[0]?.trim().replace(/\.$/, '') ?? ''

/** The one line that says why no credentials came and what to run, per cause. */
async function explain(reason: string, profile: string | undefined): Promise<string> {
  const named = profile === undefined ? 'the default AWS profile' : `AWS profile "${profile}"`
  const login = profile === undefined ? 'aws sso login' : `aws sso login --profile ${profile}`
  if (/\bsso\b/i.test(reason))
    return `The SSO session of ${named} has expired or was never started: run "${login}".`
  if (/expired/i.test(reason))
    return `The credentials of ${named} have expired: run "${login}" (SSO), or renew them with "aws configure${profile === undefined ? '' : ` --profile ${profile}`}".`
  if (profile !== undefined && !(await profileIsDefined(profile))) {
    const files = (await profileFiles()).join(' or ')
    return `AWS profile "${profile}" is not in ${files}: create it with "aws configure --profile ${profile}" (or "aws configure sso"), or name another profile.`
  }
  if (profile !== undefined)
    return `AWS profile "${profile}" gave no credentials (${firstLine(reason)}): check it with "aws configure list --profile ${profile}", then "aws configure --profile ${profile}" or "${login}".`
  return `No AWS credentials found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials, ~/.aws/config, a container or instance role): run "aws configure", or "aws sso login --profile NAME" and set AWS_PROFILE=NAME.`
}

/**
 * A failure to load AWS credentials, as the client reports every failure: a
 * DynamoDBManagerError, code `CredentialsError`, status 0 (nothing was sent), whose message
 * names the profile or the sources looked at and the command that fixes it. `profile` is the
 * one asked for; without it, the credential chain's own (AWS_PROFILE), if any.
 */
export async function credentialsError(
  cause: unknown,
  profile: string | undefined,
): Promise<DynamoDBManagerError> {
  const reason = cause instanceof Error ? cause.message : String(cause)
  const name = profile ?? (process.env.AWS_PROFILE || undefined)
  return new DynamoDBManagerError({
    status: 0,
    code: 'CredentialsError',
    message: await explain(reason, name),
    cause,
  })
}

/**
 * Credentials past their expiration, which the chain still hands out (AWS_CREDENTIAL_EXPIRATION,
 * a credential_process): AWS would refuse them with a 403, so they are reported instead, as a
 * CredentialsError naming where they came from. Undefined while they are valid.
 */
export async function expiredCredentialsError(
  identity: { readonly accessKeyId: string; readonly expiration?: Date | undefined },
  profile: string | undefined,
  now = Date.now(),
): Promise<DynamoDBManagerError | undefined> {
  const { expiration } = identity
  if (expiration === undefined || expiration.getTime() > now) return undefined
  const when = expiration.toISOString()
  if (process.env.AWS_ACCESS_KEY_ID === identity.accessKeyId)
    return new DynamoDBManagerError({
      status: 0,
      code: 'CredentialsError',
      message: `The AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN) expired at ${when}: unset them, or set fresh ones with eval "$(aws configure export-credentials --format env)".`,
    })
  return credentialsError(new Error(`credentials expired at ${when}`), profile)
}

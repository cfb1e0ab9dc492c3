/**
 * What preflight makes of the AWS SDK's errors: a missing resource is an answer, missing or
 * refused credentials stop the whole run with one line, a refused action stops one check with
 * one line naming the action, and anything else (the network, throttling) stops one check
 * with the SDK's own words. None of them prints a stack trace.
 */

/** The SDK found no credentials: none in the environment, an unknown profile, no SSO token. */
const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'TokenProviderError'])
const EXPIRED_CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired'])
const REFUSED_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'IncompleteSignature',
])
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
])

/** Where the read-only actions preflight needs are listed. */
export const PERMISSIONS_DOC = 'docs/preflight.md'

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error
}

/** The first line of an error's message: SDK messages can run over several. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]?.trim() ?? ''
}

export function isNamed(error: unknown, ...names: string[]): boolean {
  return names.includes(nameOf(error))
}

function httpStatusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
  return metadata?.httpStatusCode
}

/** The run cannot go on: no credentials, or AWS refused them. `line` says how to fix it. */
export class CredentialsFailure extends Error {
  override readonly name = 'CredentialsFailure'
}

/** One check could not finish; `message` is its one line, said as a problem. */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure'
}

/** The profile the SDK reads: `--profile`, else AWS_PROFILE. */
function profileWords(profile: string | undefined): string {
  return profile === undefined ? '' : `profile ${profile}: `
}

/**
 * The credentials failure an error is, if it is one.
 *
 * @example
 * credentialsFailure(error, 'dev')?.message
 * // → 'no AWS credentials (profile dev: Could not load credentials from any providers): …'
 */
export function credentialsFailure(
  error: unknown,
  profile: string | undefined,
): CredentialsFailure | undefined {
  const name = nameOf(error)
  const why = `${profileWords(profile)}${messageOf(error)}`
  if (NO_CREDENTIALS.has(name)) {
    return new CredentialsFailure(
      `no AWS credentials (${why}): run \`aws configure\`, or \`aws sso login --profile NAME\` and set AWS_PROFILE=NAME (or pass --profile NAME), then run again.`,
    )
  }
  if (EXPIRED_CREDENTIALS.has(name)) {
    return new CredentialsFailure(
      `the AWS credentials have expired (${name}): renew them (\`aws sso login --profile NAME\`, or new keys with \`aws configure\`), then run again.`,
    )
  }
  if (REFUSED_CREDENTIALS.has(name)) {
    return new CredentialsFailure(
      `AWS refused the credentials (${name}: ${why}): check \`aws configure list\` (or AWS_PROFILE, AWS_ACCESS_KEY_ID), then run again.`,
    )
  }
  return undefined
}

function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(nameOf(error)) || httpStatusOf(error) === 403
}

/**
 * One call to AWS on behalf of a check. A refused action becomes a CheckFailure naming it,
 * refused credentials a CredentialsFailure, and the names in `absent` (a resource that does
 * not exist) an undefined answer.
 *
 * @example
 * const table = await ask('dynamodb:DescribeTable', 'the table in eu-west-1',
 *   () => client.send(new DescribeTableCommand({ TableName })), ['ResourceNotFoundException'])
 */
export async function ask<Answer>(
  action: string,
  about: string,
  call: () => Promise<Answer>,
  absent: readonly string[] = [],
): Promise<Answer | undefined> {
  try {
    return await call()
  } catch (error) {
    if (absent.includes(nameOf(error))) return undefined
    const credentials = credentialsFailure(error, undefined)
    if (credentials !== undefined) throw credentials
    if (isAccessDenied(error)) {
      throw new CheckFailure(
        `cannot check ${about}: access denied to ${action}; allow it (${PERMISSIONS_DOC} lists what preflight reads).`,
      )
    }
    throw new CheckFailure(
      `cannot check ${about}: ${action} failed (${nameOf(error)}: ${messageOf(error)}); run again, or check the network and the region.`,
    )
  }
}

/** As `ask`, for a call whose answer must be there. */
export async function askFor<Answer>(
  action: string,
  about: string,
  call: () => Promise<Answer>,
): Promise<Answer> {
  return (await ask(action, about, call)) as Answer
}

import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { ConfigError } from '../../src/config/env.js'
import type { AwsClients } from './aws-clients.js'
import { CheckFailure, CredentialsFailure, credentialsFailure } from './aws-errors.js'
import { ArgsError, type PreflightArgs, parsePreflightArgs } from './command-line.js'
import { type PreflightIo, reportFailure, reportResult } from './report.js'

/**
 * `npm run preflight`: reads the settings the deploy would, checks the account, prints one
 * line per problem. Credentials come first: without them nothing else can be checked, and
 * that answer needs none of the CDK app's code, which takes seconds to load.
 */

export interface PreflightDeps {
  /** The credentials of a profile (undefined: the SDK's default chain, AWS_PROFILE included). */
  credentials(profile: string | undefined): Promise<AwsCredentialIdentityProvider>
  clients(credentials: AwsCredentialIdentityProvider): Promise<AwsClients>
  /** The folder of cdk.json; the user's home for ~/.cdk.json. */
  readonly projectRoot: string
  readonly home?: string
}

export interface PreflightOutcome {
  readonly code: number
  /** `STACK:KEY=VALUE` for each `--parameters` the deploy must pass. */
  readonly parameters: readonly string[]
}

const USAGE = `Usage: npm run preflight -- [-c KEY=VALUE ...] [--profile NAME] [--import-existing-resources]

Reads the AWS account with the settings a deploy with the same flags would use, and prints one
line per problem with its fix (docs/preflight.md). Exits 0 when the deploy can start.
`

export const defaultDeps: PreflightDeps = {
  credentials: async (profile) => {
    const { defaultProvider } = await import('@aws-sdk/credential-provider-node')
    return defaultProvider(profile === undefined ? {} : { profile })
  },
  clients: async (credentials) => (await import('./aws-clients.js')).awsClients(credentials),
  projectRoot: process.cwd(),
}

const failed = (io: PreflightIo, line: string): PreflightOutcome => {
  reportFailure(io, line)
  return { code: 1, parameters: [] }
}

async function checkAccount(
  args: PreflightArgs,
  io: PreflightIo,
  deps: PreflightDeps,
): Promise<PreflightOutcome> {
  const credentials = await deps.credentials(args.profile)
  try {
    await credentials()
  } catch (error) {
    const failure = credentialsFailure(error, args.profile ?? io.env.AWS_PROFILE)
    return failed(io, failure?.message ?? `cannot read the AWS credentials: ${String(error)}`)
  }
  // The CDK app's settings readers load aws-cdk-lib: only now that there is something to check.
  const { planOf } = await import('./settings-plan.js')
  const { runPreflight } = await import('./preflight.js')
  try {
    const plan = planOf(args, deps)
    const result = await runPreflight(plan, await deps.clients(credentials))
    reportResult(io, plan, result)
    return { code: result.problems.length === 0 ? 0 : 1, parameters: result.parameters }
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof CredentialsFailure ||
      error instanceof CheckFailure
    ) {
      return failed(io, error.message)
    }
    throw error
  }
}

/**
 * Runs preflight on a `cdk deploy` command line; what it returns tells the deploy whether to
 * start, and with which parameters.
 *
 * @example
 * const { code } = await runPreflightCommand(process.argv.slice(2), process)
 */
export async function runPreflightCommand(
  args: readonly string[],
  io: PreflightIo,
  deps: PreflightDeps = defaultDeps,
): Promise<PreflightOutcome> {
  let parsed: PreflightArgs
  try {
    parsed = parsePreflightArgs(args)
  } catch (error) {
    if (error instanceof ArgsError) return failed(io, error.message)
    throw error
  }
  if (parsed.help) {
    io.stdout.write(USAGE)
    return { code: 0, parameters: [] }
  }
  return checkAccount(parsed, io, deps)
}

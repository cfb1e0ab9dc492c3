import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { Environment } from '../config/env.js'

/**
 * The credentials in the process's environment: on Lambda, the function role's, which the
 * runtime puts there. It reads what the SDK's `fromEnv` reads, on every call as it does (the
 * runtime may renew them). It is not `fromEnv` itself because that module loads the SDK's
 * shared-config machinery (the ~/.aws file readers, node:os, node:fs), a few milliseconds of
 * every cold start that a function never uses (docs/benchmarks.md).
 */
export function environmentCredentials(
  env: Environment = process.env,
): AwsCredentialIdentityProvider {
  return async (): Promise<AwsCredentialIdentity> => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
    if (!accessKeyId || !secretAccessKey) {
      throw Object.assign(
        new Error(
          'No AWS credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.',
        ),
        { name: 'CredentialsProviderError' },
      )
    }
    const sessionToken = env.AWS_SESSION_TOKEN
    const expiration = env.AWS_CREDENTIAL_EXPIRATION
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration ? { expiration: new Date(expiration) } : {}),
    }
  }
}

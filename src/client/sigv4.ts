import { Sha256 } from '@aws-crypto/sha256-js'
import { SignatureV4, type SignatureV4Init } from '@smithy/signature-v4'
import { credentialsError, expiredCredentialsError } from './credentials-error.js'
import type { RequestSigner } from './request-signer.js'

type AwsCredentialIdentity = Extract<SignatureV4Init['credentials'], { accessKeyId: string }>

export interface SigV4AuthOptions {
  /** The Region of the API, e.g. `eu-west-1`: part of what is signed. */
  readonly region: string
  /** A profile of ~/.aws/config and ~/.aws/credentials, as the AWS CLI's `--profile`. */
  readonly profile?: string
  /** Fixed credentials or a provider; by default the AWS SDK's Node.js credential chain. */
  readonly credentials?: SignatureV4Init['credentials']
  /** @default 'execute-api', the service name API Gateway checks signatures for. */
  readonly service?: string
}

/**
 * Signs requests with AWS Signature Version 4, for a deployed API that uses IAM auth. It uses
 * the AWS SDK's own signer and, unless `credentials` are given, its credential chain
 * (environment, SSO, ~/.aws files with `profile`, container and instance roles), loaded on
 * the first request so that a client without IAM auth never loads it. Credentials that cannot
 * be loaded (none, an unknown profile, an expired SSO session) throw a DynamoDBManagerError
 * with code `CredentialsError`, whose message names the profile and the fix.
 *
 * @example
 * const client = createClient({
 *   url: 'https://abcdef1234.execute-api.eu-west-1.amazonaws.com/Prod',
 *   signer: sigV4Auth({ region: 'eu-west-1', profile: 'lab' }),
 * })
 */
export function sigV4Auth({
  region,
  profile,
  credentials,
  service = 'execute-api',
}: SigV4AuthOptions): RequestSigner {
  // The chain is built once, on first use, and memoises the credentials it finds.
  let chain: Promise<() => Promise<AwsCredentialIdentity>> | undefined
  const loaded =
    credentials ??
    (async () => {
      chain ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) =>
        defaultProvider(profile === undefined ? {} : { profile }),
      )
      return (await chain)()
    })
  const provider =
    typeof loaded === 'function'
      ? async () => {
          let identity: AwsCredentialIdentity
          try {
            identity = await loaded()
          } catch (error) {
            throw await credentialsError(error, profile)
          }
          const expired = await expiredCredentialsError(identity, profile)
          if (expired !== undefined) throw expired
          return identity
        }
      : loaded
  const signer = new SignatureV4({ service, region, credentials: provider, sha256: Sha256 })

  return async ({ method, url, headers, body }) => {
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      // fetch sends this Host itself; it must be signed as sent.
      headers: { ...headers, host: url.host },
      body,
    })
    const { host: _host, ...toSend } = signed.headers
    return toSend
  }
}

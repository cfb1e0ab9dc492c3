import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { SignatureV4 } from '@smithy/signature-v4'
import { isLoopback } from '../config/env.js'
import type { ServiceConfig } from '../config/service-config.js'
import { KeepAliveHttpHandler } from './keep-alive-http-handler.js'

/**
 * Credentials for a local engine, which checks only that a request is signed. They are not
 * secrets: dynalite and DynamoDB Local accept any key.
 */
const LOCAL_ENGINE_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const

/** An attempt's share of the deadline; at least 100 ms, the shortest useful attempt. */
export function attemptTimeoutMs({
  dynamoDbTimeoutMs,
  dynamoDbMaxAttempts,
}: DynamoDbClientConfig): number {
  return Math.max(100, Math.floor(dynamoDbTimeoutMs / dynamoDbMaxAttempts))
}

export type DynamoDbClientConfig = Pick<
  ServiceConfig,
  'dynamoDbEndpoint' | 'region' | 'dynamoDbTimeoutMs' | 'dynamoDbMaxAttempts'
>

/**
 * The process's one DynamoDB client. Built by entry files only (the Lambda entry, the local
 * stack), once per process, never per request: connections are kept alive and reused.
 *
 * An endpoint on this machine gets fixed local credentials unless AWS_ACCESS_KEY_ID is set,
 * so that the local stack needs no AWS configuration; any other endpoint, and AWS itself,
 * uses the SDK's default credential chain.
 *
 * Three settings take the SDK's per-request work down by about a quarter, on Lambda as
 * locally (docs/benchmarks.md has the profiles):
 * - `cacheMiddleware` resolves each command's middleware stack once, not on every call;
 * - one `SignatureV4` for the client's life: by default the SDK builds a signer per request,
 *   copying the whole client config into it and deriving the SigV4 signing key anew (four
 *   HMACs) each time; a kept signer caches the key for its day;
 * - a keep-alive request handler with one timer per attempt (keep-alive-http-handler.ts).
 */
export function createDynamoDbClient(
  config: DynamoDbClientConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DynamoDBClient {
  const endpoint = config.dynamoDbEndpoint
  const localEngine = endpoint !== undefined && isLoopback(endpoint.hostname)
  let signer: SignatureV4 | undefined
  const client: DynamoDBClient = new DynamoDBClient({
    region: config.region,
    endpoint: endpoint?.href.replace(/\/$/, ''),
    credentials: localEngine && !env.AWS_ACCESS_KEY_ID ? LOCAL_ENGINE_CREDENTIALS : undefined,
    maxAttempts: config.dynamoDbMaxAttempts,
    cacheMiddleware: true,
    // Each attempt gets an equal share of the request's deadline (DYNAMODB_TIMEOUT_MS), so
    // that an attempt that hangs still leaves time for the next one.
    requestHandler: new KeepAliveHttpHandler({ requestTimeoutMs: attemptTimeoutMs(config) }),
    // Built on first use, when the client's resolved credential provider and hash exist.
    signer: async () => {
      signer ??= new SignatureV4({
        credentials: client.config.credentials,
        region: config.region,
        service: 'dynamodb',
        sha256: client.config.sha256,
        uriEscapePath: true,
      })
      return signer
    },
  })
  return client
}

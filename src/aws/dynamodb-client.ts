import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { ServiceConfig } from '../config/service-config.js'

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/**
 * Credentials for a local engine, which checks only that a request is signed. They are not
 * secrets: dynalite and DynamoDB Local accept any key.
 */
const LOCAL_ENGINE_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const

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
 */
export function createDynamoDbClient(
  config: DynamoDbClientConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DynamoDBClient {
  const endpoint = config.dynamoDbEndpoint
  const localEngine = endpoint !== undefined && LOOPBACK_HOSTS.has(endpoint.hostname)
  return new DynamoDBClient({
    region: config.region,
    endpoint: endpoint?.href.replace(/\/$/, ''),
    credentials: localEngine && !env.AWS_ACCESS_KEY_ID ? LOCAL_ENGINE_CREDENTIALS : undefined,
    maxAttempts: config.dynamoDbMaxAttempts,
    // Resolve each command's middleware stack once instead of on every call: about a fifth
    // of the SDK's CPU per request (see docs/benchmarks.md).
    cacheMiddleware: true,
    requestHandler: {
      connectionTimeout: config.dynamoDbTimeoutMs,
      requestTimeout: config.dynamoDbTimeoutMs,
    },
  })
}

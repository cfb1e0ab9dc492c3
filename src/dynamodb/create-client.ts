import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { type Environment, isLoopback } from '../config/env.js'
import type { ServiceConfig } from '../config/service-config.js'
import { type DynamoDbCallObserver, DynamoDbClient } from './client.js'

/**
 * Credentials for a local engine, which checks only that a request is signed. They are not
 * secrets: dynalite and DynamoDB Local accept any key.
 */
const LOCAL_ENGINE_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: 'local',
  secretAccessKey: 'local',
}

export type DynamoDbClientConfig = Pick<
  ServiceConfig,
  'dynamoDbEndpoint' | 'region' | 'dynamoDbTimeoutMs' | 'dynamoDbMaxAttempts'
>

/** An attempt's share of the deadline; at least 100 ms, the shortest useful attempt. */
export function attemptTimeoutMs({
  dynamoDbTimeoutMs,
  dynamoDbMaxAttempts,
}: DynamoDbClientConfig): number {
  return Math.max(100, Math.floor(dynamoDbTimeoutMs / dynamoDbMaxAttempts))
}

/**
 * The region's DynamoDB endpoint when DYNAMODB_ENDPOINT names none: amazonaws.com, or
 * amazonaws.com.cn in the China regions. The CDK app always names the endpoint, with
 * CloudFormation's AWS::URLSuffix, which knows every partition; this fallback is for a
 * function deployed by other means. It is not the SDK's partition lookup because that
 * module brings the SDK's endpoint machinery into the bundle: a sixth of its size and
 * about 6 ms of every cold start (docs/benchmarks.md). Another partition (ISO, the
 * European Sovereign Cloud) needs DYNAMODB_ENDPOINT.
 */
export function regionalEndpoint(region: string): URL {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return new URL(`https://dynamodb.${region}.${domain}`)
}

/**
 * The process's one DynamoDB client. Built by the composition root (service/compose-service.ts)
 * and the local stack's table bootstrap, once per process, never per request: connections
 * are kept alive and reused.
 *
 * An endpoint on this machine gets fixed local credentials unless AWS_ACCESS_KEY_ID is set,
 * so that the local stack needs no AWS configuration; any other endpoint, and AWS itself,
 * gets `credentials`, which the caller chooses: the SDK's credential chain locally, the
 * environment's on Lambda (the composition root's default), so that the function does not
 * load the chain's other sources. `observer`, when given, is told of every call (tracing).
 */
export function createDynamoDbClient(
  config: DynamoDbClientConfig,
  env: Environment,
  credentials: AwsCredentialIdentityProvider,
  observer?: DynamoDbCallObserver,
): DynamoDbClient {
  const endpoint = config.dynamoDbEndpoint
  const localEngine = endpoint !== undefined && isLoopback(endpoint.hostname)
  return new DynamoDbClient({
    endpoint: endpoint ?? regionalEndpoint(config.region),
    region: config.region,
    credentials: localEngine && !env.AWS_ACCESS_KEY_ID ? LOCAL_ENGINE_CREDENTIALS : credentials,
    maxAttempts: config.dynamoDbMaxAttempts,
    // Each attempt gets an equal share of the request's deadline (DYNAMODB_TIMEOUT_MS), so
    // that an attempt that hangs still leaves time for the next one.
    attemptTimeoutMs: attemptTimeoutMs(config),
    ...(observer === undefined ? {} : { observer }),
  })
}

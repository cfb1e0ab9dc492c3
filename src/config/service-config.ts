import { TABLE } from '../table/definition.js'
import {
  type Environment,
  readInteger,
  readOriginList,
  readString,
  readTableList,
  readTableName,
  readUrl,
} from './env.js'

/** What the handler needs, wherever it runs (Lambda or the local gateway). */
export interface ServiceConfig {
  /** The table used when a request names none. */
  readonly tableName: string
  /** Every table a request may name: the default table first, then ALLOWED_TABLES. */
  readonly allowedTables: readonly string[]
  readonly maxBodyBytes: number
  /** A DynamoDB-compatible endpoint; undefined means the AWS endpoint of the region. */
  readonly dynamoDbEndpoint: URL | undefined
  readonly region: string
  /**
   * The most a request waits for DynamoDB, the SDK's retries included; each attempt gets
   * its share (aws/dynamodb-client.ts), so that a slow attempt leaves room for a retry.
   */
  readonly dynamoDbTimeoutMs: number
  /** Attempts per DynamoDB call, the first included (the SDK retries throttling and 5xx). */
  readonly dynamoDbMaxAttempts: number
  /** Origins whose browsers may read the answers (`*` for any); empty: CORS off. */
  readonly corsAllowOrigins: readonly string[]
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/**
 * Reads the service's settings once, at start. Throws a ConfigError naming the variable
 * when a value is malformed.
 *
 * @example
 * const config = loadServiceConfig(process.env)
 */
export function loadServiceConfig(env: Environment): ServiceConfig {
  const tableName = readTableName(env, 'TABLE_NAME', TABLE.tableName)
  const allowedTables = [...new Set([tableName, ...readTableList(env, 'ALLOWED_TABLES')])]
  return {
    tableName,
    allowedTables,
    // API Gateway's own limit is 10 MB; DynamoDB's item limit (400 KB) is checked by DynamoDB.
    maxBodyBytes: readInteger(env, 'MAX_BODY_BYTES', {
      fallback: DEFAULT_MAX_BODY_BYTES,
      min: 1024,
      max: 10 * 1024 * 1024,
    }),
    dynamoDbEndpoint: readUrl(env, 'DYNAMODB_ENDPOINT'),
    region: readString(env, 'AWS_REGION') ?? readString(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    dynamoDbTimeoutMs: readInteger(env, 'DYNAMODB_TIMEOUT_MS', {
      fallback: 3000,
      min: 100,
      max: 28_000,
    }),
    dynamoDbMaxAttempts: readInteger(env, 'DYNAMODB_MAX_ATTEMPTS', {
      fallback: 3,
      min: 1,
      max: 10,
    }),
    corsAllowOrigins: readOriginList(env, 'CORS_ALLOW_ORIGINS'),
  }
}

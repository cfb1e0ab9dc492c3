import type { TableDefinition } from '../table/definition.js'
import {
  type Environment,
  readInteger,
  readLogLevel,
  readOriginList,
  readString,
  readUrl,
} from './env.js'
import { readDeclaredTables } from './table-declarations.js'

/** What the handler needs, wherever it runs (Lambda or the local gateway). */
export interface ServiceConfig {
  /** The table used when a request names none. */
  readonly tableName: string
  /** Every table a request may name: the declared tables (table-declarations.ts), the default first. */
  readonly allowedTables: readonly string[]
  /** What each allowed table is: its keys and indexes, in the order of allowedTables. */
  readonly tables: readonly TableDefinition[]
  readonly maxBodyBytes: number
  /** A DynamoDB-compatible endpoint; undefined means the AWS endpoint of the region. */
  readonly dynamoDbEndpoint: URL | undefined
  readonly region: string
  /**
   * The most a request waits for DynamoDB, the SDK's retries included; each attempt gets
   * its share (dynamodb/create-client.ts), so that a slow attempt leaves room for a retry.
   */
  readonly dynamoDbTimeoutMs: number
  /** Attempts per DynamoDB call, the first included (the SDK retries throttling and 5xx). */
  readonly dynamoDbMaxAttempts: number
  /** Origins whose browsers may read the answers (`*` for any); empty: CORS off. */
  readonly corsAllowOrigins: readonly string[]
  /**
   * How long an execution environment keeps a health probe's result, healthy or not, before
   * GET /health probes the table again; 0 probes on every call.
   */
  readonly healthCacheMs: number
}

/**
 * The numeric settings' default and bounds. The CDK app checks its settings against the same
 * bounds (LabFunction in infra/constructs/lab-function.ts checks its props with them, and the
 * settings reader reads its keys against them), so that synth refuses what the deployed
 * function would refuse.
 * A body's limit stops at API Gateway's own, 10 MB; DynamoDB checks its item limit (400 KB).
 */
export const MAX_BODY_BYTES = { fallback: 1024 * 1024, min: 1024, max: 10 * 1024 * 1024 } as const
export const DYNAMODB_TIMEOUT_MS = { fallback: 3000, min: 100, max: 28_000 } as const
export const DYNAMODB_MAX_ATTEMPTS = { fallback: 3, min: 1, max: 10 } as const
/**
 * At most 30 s, Route 53's longest interval between one checker's probes: a longer cache would
 * hide a change of health from a checker for more than one of its probes.
 */
export const HEALTH_CACHE_MS = { fallback: 5000, min: 0, max: 30_000 } as const

/**
 * Reads the service's settings once, at start. Throws a ConfigError naming the variable
 * when a value is malformed.
 *
 * @example
 * const config = loadServiceConfig(process.env)
 */
export function loadServiceConfig(env: Environment): ServiceConfig {
  const { tables: declared, defaultTable } = readDeclaredTables(env)
  const tables = [defaultTable, ...declared.filter((table) => table !== defaultTable)]
  // Only checked: the logger (Powertools) reads the level from the environment itself.
  readLogLevel(env)
  return {
    tableName: defaultTable.tableName,
    allowedTables: tables.map((table) => table.tableName),
    tables,
    maxBodyBytes: readInteger(env, 'MAX_BODY_BYTES', MAX_BODY_BYTES),
    dynamoDbEndpoint: readUrl(env, 'DYNAMODB_ENDPOINT'),
    region: readString(env, 'AWS_REGION') ?? readString(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    dynamoDbTimeoutMs: readInteger(env, 'DYNAMODB_TIMEOUT_MS', DYNAMODB_TIMEOUT_MS),
    dynamoDbMaxAttempts: readInteger(env, 'DYNAMODB_MAX_ATTEMPTS', DYNAMODB_MAX_ATTEMPTS),
    corsAllowOrigins: readOriginList(env, 'CORS_ALLOW_ORIGINS'),
    healthCacheMs: readInteger(env, 'HEALTH_CACHE_MS', HEALTH_CACHE_MS),
  }
}

/** The table a request without `tableName` uses: the first of `tables`, which is never empty. */
export function defaultTableOf(config: Pick<ServiceConfig, 'tables'>): TableDefinition {
  const [first] = config.tables
  if (first === undefined)
    throw new Error('ServiceConfig.tables is empty: it holds the default table.')
  return first
}

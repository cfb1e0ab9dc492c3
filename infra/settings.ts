import { readFileSync } from 'node:fs'
import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import { Period } from 'aws-cdk-lib/aws-apigateway'
import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import { ConfigError, type Environment, readOriginList, readTableList } from '../src/config/env.js'
import {
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_TIMEOUT_MS,
  MAX_BODY_BYTES,
} from '../src/config/service-config.js'
import { isRecord } from '../src/core/codec/json.js'
import { ApiAuth } from './constructs/api-auth.js'
import { LogLevel } from './constructs/lab-function.js'
import { TableBilling } from './constructs/lab-table.js'
import type {
  ApiSettings,
  FunctionSettings,
  TableSettings,
} from './stacks/dynamodb-manager-stack.js'

/**
 * The app's settings, read from CDK context (`cdk synth -c auth=apiKey`, or the `context` of
 * cdk.json) and from an optional JSON file named by the `settingsFile` key; a `-c` key wins
 * over the file. Every key is optional: an unset key leaves the construct's documented
 * default in force, so each default is written once, in the construct's props. A malformed
 * value stops synth with a message naming the key.
 */

export const Variant = { Single: 'single', Multi: 'multi', All: 'all' } as const
export type Variant = (typeof Variant)[keyof typeof Variant]

export interface MultiRegionSettings {
  /** Regions in order of preference; the first holds the primary of the global table. */
  readonly regions: readonly string[]
  /** The name clients call, served by every region, e.g. `api.example.com`. */
  readonly domainName: string
  readonly hostedZoneId: string
  readonly hostedZoneName: string
  /** An ACM certificate ARN for `domainName` in each region. */
  readonly certificateArns: Readonly<Record<string, string>>
  readonly healthCheckInterval: Duration | undefined
  readonly healthCheckFailureThreshold: number | undefined
}

export interface LabSettings {
  /** Which variant(s) to build: 'single', 'multi' or 'all' (both, for checks only). */
  readonly variant: Variant
  /** The single-region stack's name and region. */
  readonly stackName: string
  readonly region: string
  /** Prefix of the multi-region stacks' names, followed by the region. */
  readonly multiRegionStackName: string
  readonly table: TableSettings
  readonly function: FunctionSettings
  readonly api: ApiSettings
  readonly multiRegion: MultiRegionSettings | undefined
}

/** A malformed setting of the CDK app: the handler's ConfigError, named by its key. */
export class SettingsError extends ConfigError {
  override readonly name = 'SettingsError'
}

/** Reads one context key; undefined when unset. */
export type ContextReader = (key: string) => unknown

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/

/**
 * Reads context values as they come: typed from cdk.json or a settings file, strings from
 * `-c key=value` on the command line.
 */
class SettingsReader {
  constructor(private readonly read: ContextReader) {}

  raw(key: string): unknown {
    const value = this.read(key)
    return value === '' ? undefined : value
  }

  string(key: string): string | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    if (typeof value !== 'string')
      throw new SettingsError(key, `expected a string, got ${JSON.stringify(value)}.`)
    return value.trim()
  }

  number(key: string, { min, max }: { min: number; max: number }): number | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      throw new SettingsError(
        key,
        `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`,
      )
    }
    return number
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key)
    if (value === undefined || typeof value === 'boolean') return value
    if (value === 'true' || value === 'false') return value === 'true'
    throw new SettingsError(key, `expected true or false, got ${JSON.stringify(value)}.`)
  }

  choice<const Choice extends string>(key: string, choices: readonly Choice[]): Choice | undefined {
    const value = this.string(key)
    if (value === undefined) return undefined
    if (!(choices as readonly string[]).includes(value)) {
      throw new SettingsError(key, `expected one of ${choices.join(', ')}, got "${value}".`)
    }
    return value as Choice
  }

  /** A JSON array, or a comma-separated string. */
  list(key: string): string[] | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    const items =
      typeof value === 'string'
        ? value.trim().startsWith('[')
          ? this.json(key, value)
          : value
              .split(',')
              .map((each) => each.trim())
              .filter((each) => each !== '')
        : value
    if (!Array.isArray(items) || !items.every((each) => typeof each === 'string')) {
      throw new SettingsError(key, 'expected a list of strings: a JSON array or "a,b,c".')
    }
    return items
  }

  /** A JSON object, given as one or as a string of JSON. */
  object(key: string): Record<string, unknown> | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    const object = typeof value === 'string' ? this.json(key, value) : value
    if (!isRecord(object)) throw new SettingsError(key, 'expected a JSON object.')
    return object
  }

  private json(key: string, text: string): unknown {
    try {
      return JSON.parse(text)
    } catch {
      throw new SettingsError(key, `is not valid JSON: ${text}`)
    }
  }
}

const RETENTION_DAYS = Object.values(RetentionDays).filter(
  (value): value is RetentionDays => typeof value === 'number',
)

function readRegion(settings: SettingsReader, key: string): string | undefined {
  const region = settings.string(key)
  if (region !== undefined && !REGION_PATTERN.test(region)) {
    throw new SettingsError(key, `"${region}" is not an AWS region name such as eu-west-1.`)
  }
  return region
}

function readRetention(settings: SettingsReader, key: string): RetentionDays | undefined {
  const days = settings.number(key, { min: 1, max: 3653 })
  if (days === undefined) return undefined
  const retention = RETENTION_DAYS.find((each) => each === days)
  if (retention === undefined) {
    throw new SettingsError(
      key,
      `CloudWatch Logs keeps logs for one of ${RETENTION_DAYS.join(', ')} days, not ${days}.`,
    )
  }
  return retention
}

function readTable(settings: SettingsReader): TableSettings {
  const capacity = (key: string) => settings.number(key, { min: 1, max: 40_000 })
  const removal = settings.choice('removalPolicy', ['retain', 'destroy'])
  return {
    billing: settings.choice('billing', Object.values(TableBilling)),
    minReadCapacity: capacity('minReadCapacity'),
    maxReadCapacity: capacity('maxReadCapacity'),
    minWriteCapacity: capacity('minWriteCapacity'),
    maxWriteCapacity: capacity('maxWriteCapacity'),
    targetUtilizationPercent: settings.number('targetUtilizationPercent', { min: 20, max: 90 }),
    deletionProtection: settings.boolean('deletionProtection'),
    removalPolicy:
      removal === undefined
        ? undefined
        : removal === 'destroy'
          ? RemovalPolicy.DESTROY
          : RemovalPolicy.RETAIN,
  }
}

/**
 * A list setting checked exactly as the handler will read it from its environment: synth
 * then refuses what the deployed function would refuse (it would answer 500 to everything).
 */
function readListAsTheHandlerDoes(
  settings: SettingsReader,
  key: string,
  readFromEnvironment: (env: Environment, name: string) => string[],
): string[] | undefined {
  const list = settings.list(key)
  if (list === undefined) return undefined
  try {
    return readFromEnvironment({ [key]: list.join(',') }, key)
  } catch (error) {
    if (error instanceof ConfigError) throw new SettingsError(key, error.detail)
    throw error
  }
}

function readFunction(settings: SettingsReader): FunctionSettings {
  const timeout = settings.number('timeoutSeconds', { min: 1, max: 900 })
  return {
    allowedTables: readListAsTheHandlerDoes(settings, 'allowedTables', readTableList),
    memorySize: settings.number('memorySize', { min: 128, max: 10_240 }),
    timeout: timeout === undefined ? undefined : Duration.seconds(timeout),
    reservedConcurrentExecutions: settings.number('reservedConcurrency', { min: 0, max: 100_000 }),
    logRetention: readRetention(settings, 'logRetentionDays'),
    logLevel: settings.choice('logLevel', Object.values(LogLevel)),
    tracing: settings.boolean('tracing'),
    maxBodyBytes: settings.number('maxBodyBytes', MAX_BODY_BYTES),
    dynamoDbTimeoutMs: settings.number('dynamoDbTimeoutMs', DYNAMODB_TIMEOUT_MS),
    dynamoDbMaxAttempts: settings.number('dynamoDbMaxAttempts', DYNAMODB_MAX_ATTEMPTS),
  }
}

/** The API's settings; tracing and log retention are the function's, read once for both. */
function readApi(
  settings: SettingsReader,
  { tracing, logRetention }: Pick<FunctionSettings, 'tracing' | 'logRetention'>,
): ApiSettings {
  return {
    auth: settings.choice('auth', Object.values(ApiAuth)),
    throttlingRateLimit: settings.number('throttlingRateLimit', { min: 1, max: 10_000 }),
    throttlingBurstLimit: settings.number('throttlingBurstLimit', { min: 1, max: 5000 }),
    apiKeyQuotaLimit: settings.number('apiKeyQuotaLimit', { min: 1, max: 1_000_000_000 }),
    apiKeyQuotaPeriod: settings.choice('apiKeyQuotaPeriod', Object.values(Period)),
    corsAllowOrigins: readListAsTheHandlerDoes(settings, 'corsAllowOrigins', readOriginList),
    tracing,
    accessLogRetention: logRetention,
    cloudWatchRole: settings.boolean('apiGatewayCloudWatchRole'),
  }
}

function readMultiRegion(settings: SettingsReader): MultiRegionSettings | undefined {
  const object = settings.object('multiRegion')
  if (object === undefined) return undefined
  const nested = new SettingsReader((key) => object[key])
  const required = (key: string) => {
    const value = nested.string(key)
    if (value === undefined) throw new SettingsError(`multiRegion.${key}`, 'is required.')
    return value
  }
  const regions = nested.list('regions') ?? []
  if (regions.length < 2 || new Set(regions).size !== regions.length) {
    throw new SettingsError(
      'multiRegion.regions',
      'expected two or more different regions, the primary first.',
    )
  }
  for (const region of regions) readRegion(new SettingsReader(() => region), 'multiRegion.regions')
  const certificates = nested.object('certificateArns') ?? {}
  const certificateArns: Record<string, string> = {}
  for (const region of regions) {
    const arn = certificates[region]
    if (
      typeof arn !== 'string' ||
      !new RegExp(`^arn:aws[a-z-]*:acm:${region}:\\d{12}:certificate/`).test(arn)
    ) {
      throw new SettingsError(
        'multiRegion.certificateArns',
        `expected an ACM certificate ARN of region ${region} (arn:aws:acm:${region}:…) for the custom domain there.`,
      )
    }
    certificateArns[region] = arn
  }
  const interval = nested.number('healthCheckIntervalSeconds', { min: 10, max: 30 })
  if (interval !== undefined && interval !== 10 && interval !== 30) {
    throw new SettingsError(
      'multiRegion.healthCheckIntervalSeconds',
      `Route 53 probes every 10 or 30 seconds, not ${interval}.`,
    )
  }
  return {
    regions,
    domainName: required('domainName'),
    hostedZoneId: required('hostedZoneId'),
    hostedZoneName: required('hostedZoneName'),
    certificateArns,
    healthCheckInterval: interval === undefined ? undefined : Duration.seconds(interval),
    healthCheckFailureThreshold: nested.number('healthCheckFailureThreshold', { min: 1, max: 10 }),
  }
}

/**
 * Context with the keys of the file named by `settingsFile` underneath: a `-c` key wins.
 *
 * @example
 * const context = withSettingsFile((key) => app.node.tryGetContext(key))
 */
export function withSettingsFile(context: ContextReader): ContextReader {
  const path = context('settingsFile')
  if (path === undefined || path === '') return context
  if (typeof path !== 'string') throw new SettingsError('settingsFile', 'expected a file path.')
  let file: unknown
  try {
    file = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new SettingsError(
      'settingsFile',
      `cannot read ${path} as JSON: ${(error as Error).message}`,
    )
  }
  if (!isRecord(file)) throw new SettingsError('settingsFile', `${path} must hold a JSON object.`)
  return (key) => context(key) ?? file[key]
}

/**
 * The app's settings from context. Throws a SettingsError naming the first malformed key.
 *
 * @example
 * const settings = readLabSettings(withSettingsFile((key) => app.node.tryGetContext(key)))
 */
export function readLabSettings(context: ContextReader): LabSettings {
  const settings = new SettingsReader(context)
  const multiRegion = readMultiRegion(settings)
  const fn = readFunction(settings)
  const variant =
    settings.choice('variant', Object.values(Variant)) ??
    (multiRegion === undefined ? Variant.Single : Variant.Multi)
  if (variant !== Variant.Single && multiRegion === undefined) {
    throw new SettingsError('variant', `"${variant}" needs the multiRegion settings.`)
  }
  return {
    variant,
    stackName: settings.string('stackName') ?? 'DynamoDBManager',
    region: readRegion(settings, 'region') ?? 'us-east-1',
    multiRegionStackName: settings.string('multiRegionStackName') ?? 'DynamoDBManagerGlobal',
    table: readTable(settings),
    function: fn,
    api: readApi(settings, fn),
    multiRegion,
  }
}

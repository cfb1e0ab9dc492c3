import { Duration } from 'aws-cdk-lib'
import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import { readTableList } from '../../src/config/env.js'
import {
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_TIMEOUT_MS,
  MAX_BODY_BYTES,
} from '../../src/config/service-config.js'
import {
  checkLabFunctionProps,
  LogLevel,
  MEMORY_SIZE_MB,
  RESERVED_CONCURRENCY,
  TIMEOUT_SECONDS,
} from '../constructs/lab-function.js'
import type { FunctionSettings } from '../stacks/dynamodb-manager-stack.js'
import { checkAsSettings, SettingsError, type SettingsReader } from './settings-reader.js'

/** The keys of LabFunction's props where the two names differ. */
const KEY_OF_PROP = {
  timeout: 'timeoutSeconds',
  reservedConcurrentExecutions: 'reservedConcurrency',
  logRetention: 'logRetentionDays',
} as const

const RETENTION_DAYS = Object.values(RetentionDays).filter(
  (value): value is RetentionDays => typeof value === 'number',
)

/** Days as CloudWatch Logs keeps them: one of its fixed retentions. */
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

/**
 * The function's settings, checked by LabFunction's own check: a timeout that cannot serve a
 * request stops synth naming `timeoutSeconds`.
 *
 * @example
 * const fn = readFunctionSettings(new SettingsReader(context))
 */
export function readFunctionSettings(settings: SettingsReader): FunctionSettings {
  const timeout = settings.number(KEY_OF_PROP.timeout, TIMEOUT_SECONDS)
  const fn: FunctionSettings = {
    allowedTables: settings.listAsTheHandlerReads('allowedTables', readTableList),
    memorySize: settings.number('memorySize', MEMORY_SIZE_MB),
    timeout: timeout === undefined ? undefined : Duration.seconds(timeout),
    reservedConcurrentExecutions: settings.number(
      KEY_OF_PROP.reservedConcurrentExecutions,
      RESERVED_CONCURRENCY,
    ),
    logRetention: readRetention(settings, KEY_OF_PROP.logRetention),
    logLevel: settings.choice('logLevel', Object.values(LogLevel)),
    metricsNamespace: settings.string('metricsNamespace'),
    tracing: settings.boolean('tracing'),
    maxBodyBytes: settings.number('maxBodyBytes', MAX_BODY_BYTES),
    dynamoDbTimeoutMs: settings.number('dynamoDbTimeoutMs', DYNAMODB_TIMEOUT_MS),
    dynamoDbMaxAttempts: settings.number('dynamoDbMaxAttempts', DYNAMODB_MAX_ATTEMPTS),
  }
  checkAsSettings(() => checkLabFunctionProps(fn), KEY_OF_PROP)
  return fn
}

import { RemovalPolicy } from 'aws-cdk-lib'
import { describe, expect, it } from 'vitest'
import {
  API_KEY_QUOTA_LIMIT,
  THROTTLING_BURST_LIMIT,
  THROTTLING_RATE_LIMIT,
} from '../../../infra/constructs/lab-api.js'
import {
  MEMORY_SIZE_MB,
  RESERVED_CONCURRENCY,
  TIMEOUT_SECONDS,
} from '../../../infra/constructs/lab-function.js'
import {
  CAPACITY_UNITS,
  REQUEST_UNITS,
  TARGET_UTILIZATION_PERCENT,
} from '../../../infra/constructs/lab-table.js'
import {
  READ_UNITS_PER_REQUEST,
  WRITE_UNITS_PER_REQUEST,
} from '../../../infra/settings/capacity-settings.js'
import { readLabSettings } from '../../../infra/settings/lab-settings.js'
import { SettingsError } from '../../../infra/settings/settings-reader.js'
import {
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_TIMEOUT_MS,
  MAX_BODY_BYTES,
} from '../../../src/config/service-config.js'
import { contextOf, multiRegion } from './contexts.js'

describe('readLabSettings', () => {
  it('leaves every construct default in force when nothing is set', () => {
    // Act
    const settings = readLabSettings(contextOf({}))

    // Assess
    expect(settings).toMatchObject({
      variant: 'single',
      stackName: 'DynamoDBManager',
      region: 'us-east-1',
      multiRegion: undefined,
    })
    for (const group of [settings.table, settings.function, settings.api]) {
      expect(Object.values(group).every((value) => value === undefined)).toBe(true)
    }
  })

  it('reads the strings of `cdk -c key=value` as the types the constructs take', () => {
    // Act
    const settings = readLabSettings(
      contextOf({
        billing: 'provisioned',
        maxReadCapacity: '50',
        deletionProtection: 'false',
        removalPolicy: 'destroy',
        allowedTables: 'orders, customers',
        timeoutSeconds: '20',
        reservedConcurrency: '10',
        logRetentionDays: '90',
        auth: 'apiKey',
        apiKeyQuotaPeriod: 'WEEK',
        corsAllowOrigins: '["https://a.example.com"]',
        // Provisioned at the default throttle is short of capacity: warned of, not refused.
        capacityCheck: 'warn',
        readUnitsPerRequest: '4',
      }),
    )

    // Assess
    expect(settings.table).toMatchObject({
      billing: 'provisioned',
      maxReadCapacity: 50,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    expect(settings.capacity).toEqual({
      capacityCheck: 'warn',
      readUnitsPerRequest: 4,
      writeUnitsPerRequest: undefined,
    })
    expect(settings.function.allowedTables).toEqual(['orders', 'customers'])
    expect(settings.function.timeout?.toSeconds()).toBe(20)
    expect(settings.function.reservedConcurrentExecutions).toBe(10)
    expect(settings.function.logRetention).toBe(90)
    expect(settings.api).toMatchObject({
      auth: 'apiKey',
      apiKeyQuotaPeriod: 'WEEK',
      corsAllowOrigins: ['https://a.example.com'],
      accessLogRetention: 90,
    })
  })

  it.each([
    ['auth', 'cognito', /^auth: expected one of iam, apiKey, none/],
    ['billing', 'free', /^billing: expected one of onDemand, provisioned/],
    ['memorySize', '64', /^memorySize: expected a whole number from 128/],
    ['tracing', 'yes', /^tracing: expected true or false/],
    ['logRetentionDays', '31', /^logRetentionDays: CloudWatch Logs keeps logs for one of/],
    ['region', 'Frankfurt', /^region: "Frankfurt" is not an AWS region name/],
    ['variant', 'multi', /^variant: "multi" needs the multiRegion settings/],
    ['capacityCheck', 'ignore', /^capacityCheck: expected one of refuse, warn, got "ignore"/],
    ['billing', 'provisioned', /^maxReadCapacity: the API can push 103 read units a second/],
    ['multiRegion', '{"regions":["us-east-1"]}', /^multiRegion.regions: expected two or more/],
    // Checked as the handler reads them: the deployed function would refuse them at start.
    [
      'allowedTables',
      'orders table',
      /^allowedTables: "orders table" is not a DynamoDB table name/,
    ],
    [
      'corsAllowOrigins',
      'https://app.example.com/',
      /^corsAllowOrigins: "https:\/\/app.example.com\/" is not a web origin/,
    ],
  ])('stops on a malformed %s (%s), naming the key', (key, value, message) => {
    expect(() => readLabSettings(contextOf({ [key]: value }))).toThrow(SettingsError)
    expect(() => readLabSettings(contextOf({ [key]: value }))).toThrow(message)
  })

  // Each bound is written once, beside the construct (or the handler's config) that checks it.
  it.each([
    ['minReadCapacity', CAPACITY_UNITS],
    ['maxWriteCapacity', CAPACITY_UNITS],
    ['targetUtilizationPercent', TARGET_UTILIZATION_PERCENT],
    ['memorySize', MEMORY_SIZE_MB],
    ['timeoutSeconds', TIMEOUT_SECONDS],
    ['reservedConcurrency', RESERVED_CONCURRENCY],
    ['maxBodyBytes', MAX_BODY_BYTES],
    ['dynamoDbTimeoutMs', DYNAMODB_TIMEOUT_MS],
    ['dynamoDbMaxAttempts', DYNAMODB_MAX_ATTEMPTS],
    ['throttlingRateLimit', THROTTLING_RATE_LIMIT],
    ['throttlingBurstLimit', THROTTLING_BURST_LIMIT],
    ['apiKeyQuotaLimit', API_KEY_QUOTA_LIMIT],
    ['healthThrottlingRateLimit', THROTTLING_RATE_LIMIT],
    ['healthThrottlingBurstLimit', THROTTLING_BURST_LIMIT],
    ['maxReadRequestUnits', REQUEST_UNITS],
    ['maxWriteRequestUnits', REQUEST_UNITS],
    ['readUnitsPerRequest', READ_UNITS_PER_REQUEST],
    ['writeUnitsPerRequest', WRITE_UNITS_PER_REQUEST],
  ])('reads %s against the bounds its construct checks', (key, { min, max }) => {
    for (const value of [min - 1, max + 1]) {
      expect(() => readLabSettings(contextOf({ [key]: value }))).toThrow(
        `${key}: expected a whole number from ${min} to ${max}, got ${value}.`,
      )
    }
  })

  it('builds the multi-region variant once its settings are given', () => {
    const settings = readLabSettings(contextOf({ multiRegion: JSON.stringify(multiRegion) }))

    expect(settings.variant).toBe('multi')
    expect(settings.multiRegion).toMatchObject({
      regions: ['us-east-1', 'us-west-2'],
      certificateArns: multiRegion.certificateArns,
    })
  })
})

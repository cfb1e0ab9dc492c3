import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/config/env.js'
import { loadLocalConfig } from '../../src/config/local-config.js'
import { loadServiceConfig } from '../../src/config/service-config.js'

describe('loadServiceConfig', () => {
  it('defaults to the lab table, a 1 MiB body limit, the AWS endpoint and a 5 s health cache', () => {
    expect(loadServiceConfig({})).toMatchObject({
      tableName: 'lambda-apigateway',
      allowedTables: ['lambda-apigateway'],
      maxBodyBytes: 1_048_576,
      dynamoDbEndpoint: undefined,
      healthCacheMs: 5000,
    })
  })

  it.each([
    ['0', 0],
    ['30000', 30_000],
  ])('takes HEALTH_CACHE_MS=%s, 0 turning the cache off', (value, expected) => {
    expect(loadServiceConfig({ HEALTH_CACHE_MS: value }).healthCacheMs).toBe(expected)
  })

  it.each([
    [{ POWERTOOLS_LOG_LEVEL: 'DEBUG' }],
    [{ POWERTOOLS_LOG_LEVEL: ' SILENT ' }],
    [{ LOG_LEVEL: 'WARN' }],
    // POWERTOOLS_LOG_LEVEL wins over LOG_LEVEL, as in Powertools: the alias is not read then.
    [{ POWERTOOLS_LOG_LEVEL: 'TRACE', LOG_LEVEL: 'anything' }],
  ])('takes the log levels Powertools takes: %o', (env) => {
    expect(() => loadServiceConfig(env)).not.toThrow()
  })

  it('allows the configured table plus those of ALLOWED_TABLES, once each', () => {
    const config = loadServiceConfig({
      TABLE_NAME: 'orders',
      ALLOWED_TABLES: ' customers, orders ,,',
    })
    expect(config.allowedTables).toEqual(['orders', 'customers'])
  })

  it.each([
    ['TABLE_NAME', 'x'],
    ['ALLOWED_TABLES', 'good,b@d'],
    ['MAX_BODY_BYTES', 'lots'],
    ['MAX_BODY_BYTES', '10'],
    ['DYNAMODB_ENDPOINT', 'localhost:8000'],
    ['DYNAMODB_ENDPOINT', 'ftp://127.0.0.1'],
    ['DYNAMODB_TIMEOUT_MS', '-5'],
    ['HEALTH_CACHE_MS', '30001'],
    ['HEALTH_CACHE_MS', '5s'],
    ['POWERTOOLS_LOG_LEVEL', 'LOUD'],
    // Powertools reads the names in upper case only: it would take `debug` for INFO, silently.
    ['POWERTOOLS_LOG_LEVEL', 'debug'],
    ['LOG_LEVEL', 'LOUD'],
  ])('stops on a malformed %s (%s) with a message naming it', (variable, value) => {
    expect(() => loadServiceConfig({ [variable]: value })).toThrow(ConfigError)
    expect(() => loadServiceConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `))
  })
})

describe('loadLocalConfig', () => {
  it('defaults to 127.0.0.1:3000, the engine on 8000 and data in .data', () => {
    expect(loadLocalConfig({}, '/srv/app')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dynamoDbPort: 8000,
      dataPath: '/srv/app/.data',
      dataDir: '.data',
    })
  })

  it('keeps data in memory for DATA_DIR=:memory:', () => {
    expect(loadLocalConfig({ DATA_DIR: ':memory:' }).dataPath).toBeUndefined()
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DYNAMODB_PORT', '8000x'],
    ['HOST', 'my laptop'],
  ])('stops on a malformed %s (%s) with a message naming it', (variable, value) => {
    expect(() => loadLocalConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `))
  })
})

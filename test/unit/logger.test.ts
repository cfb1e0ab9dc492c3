import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger, REDACTED, redactSecrets } from '../../src/service/logger.js'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

describe('log redaction', () => {
  it.each([
    ['authorization', 'AWS4-HMAC-SHA256 Credential=AKIA…', REDACTED],
    ['Authorization', 'Bearer x', REDACTED],
    ['x-api-key', 'k', REDACTED],
    ['apiKey', 'k', REDACTED],
    ['secretAccessKey', 's', REDACTED],
    ['sessionToken', 't', REDACTED],
    ['cookie', 'c', REDACTED],
    ['requestId', 'r-1', 'r-1'],
    ['status', 200, 200],
  ])('writes %s as %j', (key, value, expected) => {
    expect(redactSecrets(key, value)).toBe(expected)
  })

  it('redacts at any depth in a real log line', () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO')
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })

    // Act
    createLogger().info('request', {
      requestId: 'r-1',
      headers: { authorization: 'Bearer leaked?', 'x-api-key': 'key-leaked?' },
    })

    // Assess
    const line = JSON.parse(written.join('')) as Record<string, unknown>
    expect(line).toMatchObject({
      message: 'request',
      requestId: 'r-1',
      headers: { authorization: REDACTED, 'x-api-key': REDACTED },
    })
    expect(written.join('')).not.toContain('leaked?')
  })
})

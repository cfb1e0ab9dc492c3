import { afterEach, describe, expect, it, vi } from 'vitest'
import { restEvent } from '../support/events.js'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
})

describe('the Lambda entry point', () => {
  it('answers API Gateway with a 500 proxy response, not a 502, when deployed with a malformed setting', async () => {
    // Prepare
    vi.stubEnv('TABLE_NAME', 'x')
    const { handler } = await import('../../src/lambda/lambda-entry.js')

    // Act
    const result = (await handler(
      restEvent('POST', '/DynamoDBManager', '{"operation":"ping"}'),
    )) as {
      statusCode: number
      body: string
    }

    // Assess
    expect(result.statusCode).toBe(500)
    expect(JSON.parse(result.body)).toMatchObject({
      code: 'InternalError',
      requestId: expect.any(String),
    })
    expect(result.body).not.toContain('TABLE_NAME')
  })

  it('throws for a direct invocation of a misconfigured function, as Lambda expects', async () => {
    vi.stubEnv('MAX_BODY_BYTES', 'lots')
    const { handler } = await import('../../src/lambda/lambda-entry.js')
    await expect(handler({ operation: 'ping' })).rejects.toThrow(/MAX_BODY_BYTES/)
  })

  it('serves echo and ping without reaching DynamoDB', async () => {
    vi.stubEnv('DYNAMODB_ENDPOINT', 'http://127.0.0.1:9')
    const { handler } = await import('../../src/lambda/lambda-entry.js')
    expect(await handler({ operation: 'ping' })).toBe('pong')
    expect(await handler({ operation: 'echo', payload: { a: [1, 'b'] } })).toEqual({ a: [1, 'b'] })
  })
})

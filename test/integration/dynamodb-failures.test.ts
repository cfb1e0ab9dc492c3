import { describe, expect, it, onTestFinished } from 'vitest'
import { loadServiceConfig } from '../../src/config/service-config.js'
import { createLambdaHandler } from '../../src/lambda/lambda-handler.js'
import { composeService } from '../../src/service/compose-service.js'
import { closedPortUrl } from '../support/capture-server.js'
import { call, callManager, restEvent } from '../support/events.js'
import { recordingLog } from '../support/recording-log.js'
import { startScriptedDynamoDb } from '../support/scripted-dynamodb.js'

/** Room for the SDK's three attempts, with its backoff for throttling (up to about 1.5 s). */
const DEADLINE_MS = 5000

function handlerFor(endpoint: URL, extra: Record<string, string> = {}) {
  const env = {
    DYNAMODB_ENDPOINT: endpoint.href,
    DYNAMODB_TIMEOUT_MS: String(DEADLINE_MS),
    ...extra,
  }
  const log = recordingLog()
  return { handler: createLambdaHandler(composeService(loadServiceConfig(env), { env, log })), log }
}

const read = { operation: 'read', payload: { Key: { id: '1' } } }

describe('when DynamoDB fails', () => {
  it.each<[string, number, string, number, string]>([
    [
      "throttling after the SDK's retries",
      429,
      'Throttled',
      400,
      'ProvisionedThroughputExceededException',
    ],
    [
      "a 5xx from DynamoDB after the SDK's retries",
      503,
      'ServiceUnavailable',
      500,
      'InternalServerError',
    ],
  ])('%s → %i %s with Retry-After', async (_name, status, code, dynamoDbStatus, errorType) => {
    // Prepare
    const dynamodb = await startScriptedDynamoDb(dynamoDbStatus, errorType)
    onTestFinished(() => dynamodb.stop())
    const { handler } = handlerFor(dynamodb.endpoint)

    // Act
    const result = await callManager(handler, read)

    // Assess: DYNAMODB_MAX_ATTEMPTS (3) attempts, then the answer.
    expect(result).toMatchObject({ status, json: { code }, headers: { 'Retry-After': '1' } })
    expect(dynamodb.received).toHaveLength(3)
  })

  it('a DynamoDB that never answers → 503 with Retry-After once DYNAMODB_TIMEOUT_MS has passed, not later', async () => {
    // Prepare
    const dynamodb = await startScriptedDynamoDb('hang')
    onTestFinished(() => dynamodb.stop())
    const { handler } = handlerFor(dynamodb.endpoint, { DYNAMODB_TIMEOUT_MS: '300' })

    // Act
    const started = performance.now()
    const result = await callManager(handler, read)
    const waited = performance.now() - started

    // Assess: the deadline is the bound API Gateway's 29 s must contain; allow for scheduling.
    expect(result).toMatchObject({
      status: 503,
      json: { code: 'ServiceUnavailable' },
      headers: { 'Retry-After': '1' },
    })
    expect(waited).toBeGreaterThanOrEqual(290)
    expect(waited).toBeLessThan(300 + 2000)
  })

  it('an unreachable endpoint → 503 for requests and for /health', async () => {
    // Prepare
    const { handler } = handlerFor(await closedPortUrl())

    // Act
    const result = await callManager(handler, read)
    const health = await call(handler, restEvent('GET', '/health'))

    // Assess
    expect(result).toMatchObject({ status: 503, json: { code: 'ServiceUnavailable' } })
    expect(health).toMatchObject({ status: 503, json: { code: 'ServiceUnavailable' } })
  })

  it('a server-side fault (access denied) → 500 with a generic message, the details in the log only', async () => {
    // Prepare
    const dynamodb = await startScriptedDynamoDb(400, 'AccessDeniedException')
    onTestFinished(() => dynamodb.stop())
    const { handler, log } = handlerFor(dynamodb.endpoint)

    // Act
    const result = await callManager(handler, read)

    // Assess
    expect(result.status).toBe(500)
    expect(result.json).toMatchObject({ code: 'InternalError', requestId: expect.any(String) })
    expect(result.text).not.toMatch(/AccessDenied|scripted/)
    expect(log.entries).toHaveLength(1)
    expect(
      JSON.stringify(log.entries[0]?.attributes[0]?.error, Object.getOwnPropertyNames(new Error())),
    ).toMatch(/scripted AccessDeniedException/)
  })
})

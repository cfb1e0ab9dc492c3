import { describe, expect, it } from 'vitest'
import { loadServiceConfig } from '../../src/config/service-config.js'
import { corsHeaders } from '../../src/http/cors.js'
import { createLambdaHandler } from '../../src/lambda/lambda-handler.js'
import { composeService } from '../../src/service/compose-service.js'
import { restEvent } from '../support/events.js'
import { recordingLog } from '../support/recording-log.js'

const APP = 'https://app.example.com'

describe('corsHeaders', () => {
  it.each([
    ['CORS off', APP, [], {}],
    [
      'an allowed origin',
      APP,
      [APP, 'https://b.example.com'],
      { 'Access-Control-Allow-Origin': APP, Vary: 'Origin' },
    ],
    ['an origin not allowed', 'https://evil.example', [APP], { Vary: 'Origin' }],
    ['no origin (not a browser)', undefined, [APP], { Vary: 'Origin' }],
    ['any origin', 'https://x.example', ['*'], { 'Access-Control-Allow-Origin': '*' }],
  ])('answers %s', (_, origin, allowed, expected) => {
    expect(corsHeaders(origin, allowed)).toEqual(expected)
  })
})

describe('the handler with CORS_ALLOW_ORIGINS', () => {
  const env = { CORS_ALLOW_ORIGINS: APP, DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' }
  const handler = createLambdaHandler(
    composeService(loadServiceConfig(env), { env, log: recordingLog() }),
  )

  it.each([
    ['a success', '/DynamoDBManager', '{"operation":"ping"}', 200],
    ['an error', '/nowhere', '{}', 404],
  ])('lets the allowed origin read %s', async (_, path, body, status) => {
    // Act
    const response = await handler(
      restEvent('POST', path, body, { 'content-type': 'application/json', origin: APP }),
    )

    // Assess
    expect(response).toMatchObject({
      statusCode: status,
      headers: { 'Access-Control-Allow-Origin': APP, Vary: 'Origin' },
    })
  })
})

describe('CORS_ALLOW_ORIGINS', () => {
  it('reads origins and *, and refuses a URL with a path', () => {
    expect(loadServiceConfig({ CORS_ALLOW_ORIGINS: `${APP}, *` }).corsAllowOrigins).toEqual([
      APP,
      '*',
    ])
    expect(() => loadServiceConfig({ CORS_ALLOW_ORIGINS: `${APP}/` })).toThrow(
      /^CORS_ALLOW_ORIGINS: "https:\/\/app.example.com\/" is not a web origin/,
    )
  })
})

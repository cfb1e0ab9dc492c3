import type { APIGatewayProxyEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  fromHttpApiEvent,
  fromRestApiEvent,
  isDirectInvocation,
  isHttpApiEvent,
  isRestApiEvent,
} from '../../src/lambda/api-gateway-events.js'
import { httpApiEvent as httpApiEventOf, restEvent as restApiEvent } from '../support/events.js'

const restEvent = {
  ...restApiEvent('POST', '/DynamoDBManager', '{"operation":"ping"}', {
    'Content-Type': 'application/json',
  }),
  requestContext: { requestId: 'rest-1', stage: 'Prod' },
} as unknown as APIGatewayProxyEvent

const httpApiEvent = httpApiEventOf('POST', '/DynamoDBManager', 'eyJvcGVyYXRpb24iOiJwaW5nIn0=', {
  isBase64Encoded: true,
})

describe('event shapes', () => {
  it.each([
    ['a REST API event', restEvent, [true, false, false]],
    ['an HTTP API event', httpApiEvent, [false, true, false]],
    ['a direct invocation', { operation: 'ping' }, [false, false, true]],
    ['something else', { hello: 'world' }, [false, false, false]],
    ['null', null, [false, false, false]],
  ])('tells %s apart', (_name, event, [rest, http, direct]) => {
    expect([isRestApiEvent(event), isHttpApiEvent(event), isDirectInvocation(event)]).toEqual([
      rest,
      http,
      direct,
    ])
  })

  it('reads a REST API event: resource path, lower-case headers, request id', () => {
    expect(fromRestApiEvent(restEvent, 'fallback')).toEqual({
      method: 'POST',
      path: '/DynamoDBManager',
      headers: { 'content-type': 'application/json' },
      body: '{"operation":"ping"}',
      isBase64Encoded: false,
      requestId: 'rest-1',
    })
  })

  it("routes a REST API event by its resource, not a custom domain's base path", () => {
    const behindDomain = { ...restEvent, path: '/v1/DynamoDBManager' }
    expect(fromRestApiEvent(behindDomain, 'x').path).toBe('/DynamoDBManager')
  })

  it('reads an HTTP API event without its stage prefix', () => {
    expect(fromHttpApiEvent(httpApiEvent, 'fallback')).toMatchObject({
      method: 'POST',
      path: '/DynamoDBManager',
      isBase64Encoded: true,
      requestId: httpApiEvent.requestContext.requestId,
    })
  })

  it('keeps the path of an HTTP API $default stage as it is', () => {
    const event = httpApiEventOf('GET', '/health', null, { stage: '$default' })
    expect(fromHttpApiEvent(event, 'x').path).toBe('/health')
  })
})

describe('routes behind custom domains', () => {
  it('routes an HTTP API event by its route key, whatever mapping prefixes the path', () => {
    const event = {
      ...httpApiEventOf('POST', '/DynamoDBManager', '{}'),
      rawPath: '/api/DynamoDBManager',
    }
    expect(fromHttpApiEvent(event, 'x').path).toBe('/DynamoDBManager')
  })

  it('routes a REST API proxy resource by its path parameter, not the base path', () => {
    const event = {
      ...restApiEvent('POST', '/DynamoDBManager', '{}'),
      resource: '/{proxy+}',
      path: '/v1/DynamoDBManager',
      pathParameters: { proxy: 'DynamoDBManager' },
    }
    expect(fromRestApiEvent(event, 'x').path).toBe('/DynamoDBManager')
  })
})

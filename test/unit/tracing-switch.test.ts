import { describe, expect, it } from 'vitest'
import { apiOperationOf } from '../../src/lambda/api-operation.js'
import { tracingWanted } from '../../src/lambda/tracing-switch.js'
import { httpApiEvent, restEvent } from '../support/events.js'

/** What Lambda sets for a function with active tracing, at init. */
const TRACED_LAMBDA = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  LAMBDA_TASK_ROOT: '/var/task',
  AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
}

describe('tracingWanted', () => {
  it('is on for a Lambda function given an X-Ray daemon', () => {
    expect(tracingWanted(TRACED_LAMBDA)).toBe(true)
  })

  it.each<[string, NodeJS.ProcessEnv]>([
    ['POWERTOOLS_TRACE_ENABLED is false', { POWERTOOLS_TRACE_ENABLED: 'FALSE' }],
    ['there is no daemon', { AWS_XRAY_DAEMON_ADDRESS: undefined }],
    ['not on Lambda', { AWS_EXECUTION_ENV: undefined, LAMBDA_TASK_ROOT: undefined }],
    ['in SAM', { AWS_SAM_LOCAL: 'true' }],
    ["in Amplify's mock", { AWS_EXECUTION_ENV: 'AWS_Lambda_amplify-mock' }],
  ])('is off when %s', (_, change) => {
    expect(tracingWanted({ ...TRACED_LAMBDA, ...change })).toBe(false)
  })
})

describe('apiOperationOf', () => {
  const body = (operation: unknown) => JSON.stringify({ operation, payload: {} })

  it.each<[string, unknown, string | undefined]>([
    ['a direct invocation', { operation: 'ping' }, 'ping'],
    ['a REST API request', restEvent('POST', '/DynamoDBManager', body('update')), 'update'],
    [
      'an HTTP API request, base64',
      httpApiEvent('POST', '/DynamoDBManager', Buffer.from(body('query')).toString('base64'), {
        isBase64Encoded: true,
      }),
      'query',
    ],
    ['GET /health', restEvent('GET', '/health'), 'health'],
    ['an unknown operation', restEvent('POST', '/DynamoDBManager', body('drop')), undefined],
    ['a body that is not JSON', restEvent('POST', '/DynamoDBManager', '{'), undefined],
    ['an operation that is not a name', { operation: { toString: 'read' } }, undefined],
    ['an event of no known shape', { Records: [] }, undefined],
  ])('names the operation of %s', (_, event, operation) => {
    expect(apiOperationOf(event)).toBe(operation)
  })
})

import { describe, expect, it } from 'vitest'
import { createInvocationTracing } from '../../src/lambda/invocation-tracing.js'
import type { LambdaHandler } from '../../src/lambda/lambda-handler.js'
import type { DynamoDbCall } from '../../src/service/compose-service.js'
import { restEvent } from '../support/events.js'

const TRACE_ID = '1-6a3f2c10-0123456789abcdef01234567'
const PARENT_ID = '89abcdef01234567'

/** A traced function's environment, the invocation sampled or not. */
function lambdaEnv(sampled: boolean): NodeJS.ProcessEnv {
  return {
    _HANDLER: 'index.handler',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    _X_AMZN_TRACE_ID: `Root=${TRACE_ID};Parent=${PARENT_ID};Sampled=${sampled ? 1 : 0}`,
  }
}

const getItem: DynamoDbCall = {
  operation: 'GetItem',
  tableName: 'lambda-apigateway',
  region: 'eu-west-1',
  attempts: 1,
  requestId: 'R1',
  httpStatus: 200,
  startTime: 1_700_000_000_000,
  endTime: 1_700_000_000_004,
}

/** Tracing whose documents are kept in `sent`, around a handler that makes `calls` calls. */
function traced(env: NodeJS.ProcessEnv, answer: (calls: number) => Promise<unknown>) {
  const sent: Array<Record<string, unknown>> = []
  const tracing = createInvocationTracing({ env, send: (document) => sent.push({ ...document }) })
  const handler: LambdaHandler = async (event) => {
    tracing.onOperation('read')
    const calls = (event as { calls?: number }).calls ?? 1
    for (let index = 0; index < calls; index += 1) tracing.observeDynamoDb(getItem)
    return answer(calls)
  }
  return { sent, handler: tracing.instrument(handler) }
}

describe('createInvocationTracing', () => {
  it('sends one document per sampled invocation, its DynamoDB calls nested in it', async () => {
    // Prepare
    const { sent, handler } = traced(lambdaEnv(true), async () => 'done')

    // Act
    await handler({ calls: 2 }, undefined)

    // Assess
    expect(sent).toEqual([
      expect.objectContaining({
        type: 'subsegment',
        name: '## index.handler',
        trace_id: TRACE_ID,
        parent_id: PARENT_ID,
        annotations: { ColdStart: true, Service: 'serverless-lab', Operation: 'read' },
        subsegments: [
          expect.objectContaining({
            name: 'DynamoDB',
            namespace: 'aws',
            start_time: 1_700_000_000,
          }),
          expect.objectContaining({ name: 'DynamoDB', end_time: 1_700_000_000.004 }),
        ],
      }),
    ])
    expect(sent[0]?.subsegments).toEqual([
      expect.not.objectContaining({ trace_id: TRACE_ID }),
      expect.not.objectContaining({ trace_id: TRACE_ID }),
    ])
  })

  it('sends the calls past 25 on their own, as children of the invocation', async () => {
    // Prepare
    const { sent, handler } = traced(lambdaEnv(true), async () => 'done')

    // Act
    await handler({ calls: 27 }, undefined)

    // Assess
    const invocation = sent.at(-1)
    expect(sent).toHaveLength(3)
    expect(invocation?.subsegments).toHaveLength(25)
    expect(sent.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'subsegment', name: 'DynamoDB', parent_id: invocation?.id }),
      expect.objectContaining({ type: 'subsegment', name: 'DynamoDB', parent_id: invocation?.id }),
    ])
  })

  it('sends nothing for an invocation Lambda did not sample, and ignores its calls', async () => {
    // Prepare
    const { sent, handler } = traced(lambdaEnv(false), async () => 'done')

    // Act
    await handler({ calls: 3 }, undefined)

    // Assess
    expect(sent).toEqual([])
  })

  it.each<[number, Record<string, true>]>([
    [429, { error: true, throttle: true }],
    [400, { error: true }],
    [503, { fault: true }],
  ])('flags an invocation answered %i', async (statusCode, flags) => {
    // Prepare
    const { sent, handler } = traced(lambdaEnv(true), async () => ({ statusCode, body: '{}' }))

    // Act
    await handler(restEvent('POST', '/DynamoDBManager', '{}'), undefined)

    // Assess
    const [document] = sent
    for (const flag of ['error', 'throttle', 'fault']) {
      expect(document?.[flag]).toBe(flags[flag])
    }
  })

  it('records a thrown error as a fault with its cause, then throws it on', async () => {
    // Prepare
    const { sent, handler } = traced(lambdaEnv(true), async () => {
      throw new TypeError('broken')
    })

    // Act
    const invoked = handler({}, undefined)

    // Assess
    await expect(invoked).rejects.toThrow('broken')
    expect(sent[0]).toMatchObject({
      fault: true,
      cause: { exceptions: [{ type: 'TypeError', message: 'broken', remote: false }] },
    })
  })
})

import autocannon from 'autocannon'
import { describe, expect, it } from 'vitest'
import { afterTest } from '../support/after-test.js'
import { postManager, startLocalStackProcess } from '../support/local-stack-process.js'
import { residentMiB, samplePeakMemory } from '../support/process-memory.js'

/** At least two minutes, as the issue asks; SOAK_SECONDS lengthens it. */
const SECONDS = Math.max(120, Number(process.env.SOAK_SECONDS ?? 120))
const CONNECTIONS = 64
const WARM_UP_SECONDS = 10

const json = { 'content-type': 'application/json' }

function mixedRequests() {
  let sequence = 0
  return [
    {
      method: 'POST' as const,
      headers: json,
      setupRequest: (request: autocannon.Request) => {
        sequence += 1
        return {
          ...request,
          body: `{"operation":"create","payload":{"Item":{"id":"soak-${sequence}","n":12345678901234567890,"s":"soak"}}}`,
        }
      },
    },
    {
      method: 'POST' as const,
      headers: json,
      body: '{"operation":"read","payload":{"Key":{"id":"hot"}}}',
    },
    {
      method: 'POST' as const,
      headers: json,
      body: '{"operation":"update","payload":{"Key":{"id":"hot"},"UpdateExpression":"ADD hits :one","ExpressionAttributeValues":{":one":1}}}',
    },
    { method: 'POST' as const, headers: json, body: '{"operation":"list","payload":{"Limit":10}}' },
    {
      method: 'POST' as const,
      headers: json,
      body: '{"operation":"query","payload":{"KeyConditionExpression":"id = :id","ExpressionAttributeValues":{":id":"hot"}}}',
    },
    {
      method: 'POST' as const,
      headers: json,
      body: '{"operation":"delete","payload":{"Key":{"id":"never-there"}}}',
    },
  ]
}

describe(`load: a ${SECONDS} s soak at ${CONNECTIONS} connections, mixed operations`, () => {
  it(
    "serves every request without error, and the gateway's memory stays flat",
    async () => {
      // Prepare: the engine in a stack of its own, so that the memory measured is the
      // gateway's alone (the table grows with every create; the gateway must not).
      const engine = await startLocalStackProcess()
      afterTest(() => engine.stop('SIGKILL'))
      const stack = await startLocalStackProcess({
        env: { DYNAMODB_ENDPOINT: engine.dynamoDbEndpoint.href },
      })
      afterTest(() => stack.stop('SIGKILL'))
      await postManager(stack.url, {
        operation: 'create',
        payload: { Item: { id: 'hot', hits: 0 } },
      })
      const pid = stack.child.pid ?? 0
      const target = {
        url: new URL('/Prod/DynamoDBManager', stack.url).href,
        connections: CONNECTIONS,
      }
      await autocannon({ ...target, duration: WARM_UP_SECONDS, requests: mixedRequests() })
      const startMiB = await residentMiB(pid)

      // Act
      const memory = await samplePeakMemory(pid, 500)
      afterTest(() => memory.stop())
      const result = await autocannon({ ...target, duration: SECONDS, requests: mixedRequests() })
      const peakMiB = Math.max(startMiB, memory.stop())
      const endMiB = await residentMiB(pid)
      await stack.stop('SIGTERM')
      await engine.stop('SIGTERM')

      // Assess
      console.log(
        `soak: ${result.requests.total} requests in ${result.duration} s (${Math.round(result.requests.average)}/s), ` +
          `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
          `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}; ` +
          `gateway RSS ${Math.round(startMiB)} MiB after warm-up, ${Math.round(peakMiB)} MiB peak, ${Math.round(endMiB)} MiB at the end`,
      )
      expect(result.requests.total).toBeGreaterThan(SECONDS * 100)
      expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
        errors: 0,
        timeouts: 0,
        non2xx: 0,
      })
      // Flat: a garbage-collected heap breathes, but does not grow with the requests served.
      expect(endMiB).toBeLessThan(startMiB * 1.25 + 16)
      expect(peakMiB).toBeLessThan(startMiB * 1.5 + 32)
    },
    (SECONDS + WARM_UP_SECONDS + 60) * 1000,
  )
})

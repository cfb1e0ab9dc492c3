import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { afterTest } from '../support/after-test.js'
import { freePort, waitForListener } from '../support/free-port.js'
import {
  type LocalStackProcess,
  postManager,
  request,
  startLocalStackProcess,
  temporaryDataDir,
} from '../support/local-stack-process.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs `loops` request loops until `stop()` is called; each loop's own failures end it. */
function loadUntilStopped(loops: number, step: (loop: number, sequence: number) => Promise<void>) {
  let running = true
  let sequence = 0
  const done = Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (running) {
        sequence += 1
        await step(loop, sequence)
      }
    }),
  )
  return {
    stop: async () => {
      running = false
      await done
    },
  }
}

describe('faults', () => {
  it('kill -9 under write load loses no acknowledged write: a restart finds each, with its content', async () => {
    // Prepare
    const data = await temporaryDataDir()
    afterTest(() => data.remove())
    const stack = await startLocalStackProcess({ env: { DATA_DIR: data.path } })
    afterTest(() => stack.stop('SIGKILL'))
    const acknowledged = new Map<string, string>()
    let failed = 0
    const load = loadUntilStopped(16, async (loop, sequence) => {
      const id = `k9-${loop}-${sequence}`
      const item = `{"id":"${id}","n":12345678901234567890${sequence},"s":"written by loop ${loop}"}`
      try {
        const created = await postManager(
          stack.url,
          `{"operation":"create","payload":{"Item":${item}}}`,
        )
        if (created.status === 200) acknowledged.set(id, item)
        else failed += 1
      } catch {
        failed += 1
        await sleep(5)
      }
    })
    afterTest(() => load.stop())

    // Act: the process dies mid-load, with no chance to flush or close anything, once the
    // load is well under way (twice the writes the test needs), however busy the machine.
    await vi.waitUntil(() => acknowledged.size >= 200, { timeout: 20_000, interval: 10 })
    stack.child.kill('SIGKILL')
    await stack.exited
    await load.stop()
    const restarted = await startLocalStackProcess({ env: { DATA_DIR: data.path } })
    afterTest(() => restarted.stop('SIGKILL'))
    const missing: string[] = []
    const changed: string[] = []
    const entries = [...acknowledged]
    for (let start = 0; start < entries.length; start += 32) {
      await Promise.all(
        entries.slice(start, start + 32).map(async ([id, item]) => {
          const read = await postManager(restarted.url, {
            operation: 'read',
            payload: { Key: { id } },
          })
          if (read.status === 404) missing.push(id)
          else if (read.text !== `{"Item":${item}}`) changed.push(`${id}: ${read.text}`)
        }),
      )
    }

    // Assess
    console.log(
      `kill -9: ${acknowledged.size} writes acknowledged before the kill, ${failed} failed or refused at it`,
    )
    expect(acknowledged.size).toBeGreaterThan(100)
    expect(missing).toEqual([])
    expect(changed).toEqual([])
  })

  it('the engine killed under load: 503 with Retry-After within DYNAMODB_TIMEOUT_MS, /health 503, no hang, and recovery once it is back', async () => {
    // Prepare: the engine in a stack of its own, on a fixed port, so that it can come back there.
    const data = await temporaryDataDir()
    afterTest(() => data.remove())
    const enginePort = await freePort()
    const engineEnv = { DATA_DIR: data.path, DYNAMODB_PORT: String(enginePort) }
    const firstEngine = await startLocalStackProcess({ env: engineEnv })
    afterTest(() => firstEngine.stop('SIGKILL'))
    const timeoutMs = 1000
    // HEALTH_CACHE_MS=0: /health while the engine is away and once it is back each probe it,
    // seconds apart but maybe within one cache window.
    const stack = await startLocalStackProcess({
      env: {
        DYNAMODB_ENDPOINT: firstEngine.dynamoDbEndpoint.href,
        DYNAMODB_TIMEOUT_MS: String(timeoutMs),
        HEALTH_CACHE_MS: '0',
      },
    })
    afterTest(() => stack.stop('SIGKILL'))
    const outcomes: Array<{ status: number; ms: number; retryAfter: string | null; at: number }> =
      []
    const started = performance.now()
    const load = loadUntilStopped(16, async (loop, sequence) => {
      const before = performance.now()
      const response = await fetch(new URL('/Prod/DynamoDBManager', stack.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          operation: 'create',
          payload: { Item: { id: `away-${loop}-${sequence}` } },
        }),
        signal: AbortSignal.timeout(30_000),
      })
      await response.text()
      outcomes.push({
        status: response.status,
        ms: performance.now() - before,
        retryAfter: response.headers.get('retry-after'),
        at: before - started,
      })
    })
    // The loops end at their first failure, which load.stop() reports in the Act.
    afterTest(() => load.stop().catch(() => undefined))
    /** Requests answered, of those sent `after` ms into the test. */
    const answeredSince = (after: number) => outcomes.filter((outcome) => outcome.at > after)
    const aWhile = { timeout: 20_000, interval: 20 }

    // Act: the engine dies once the load has had 16 writes served (one per loop), stays away
    // until 16 requests sent without it have been answered, and the load goes on until 16
    // requests sent more than 1.5 s after it is back have been answered.
    await vi.waitUntil(
      () => outcomes.filter((outcome) => outcome.status === 200).length >= 16,
      aWhile,
    )
    firstEngine.child.kill('SIGKILL')
    await firstEngine.exited
    const killedAt = performance.now() - started
    await vi.waitUntil(() => answeredSince(killedAt + 200).length >= 16, aWhile)
    const healthWhileAway = await request(new URL('/health', stack.url))
    const restarting = startLocalStackProcess({ env: engineEnv })
    restarting.catch(() => undefined) // awaited below, once the engine is seen back
    afterTest(async () => (await restarting.catch(() => undefined))?.stop('SIGKILL'))
    // The engine is back when its port accepts connections, a little before the stack's
    // banner says so.
    const acceptingAt = (await waitForListener(enginePort)) - started
    await restarting
    const backAt = performance.now() - started
    await vi.waitUntil(() => answeredSince(backAt + 1500).length >= 16, aWhile)
    await load.stop()
    const healthAfter = await request(new URL('/health', stack.url))

    // Assess
    const unavailable = outcomes.filter((outcome) => outcome.status === 503)
    const slowest = Math.max(...unavailable.map((outcome) => outcome.ms))
    const recovered = outcomes.filter((outcome) => outcome.at > backAt + 1500)
    console.log(
      `engine away: ${outcomes.length} requests, ${unavailable.length} got 503 (slowest ${Math.round(slowest)} ms), ${recovered.filter((outcome) => outcome.status === 200).length}/${recovered.length} succeeded once it was back`,
    )
    expect(
      outcomes
        .map((outcome) => outcome.status)
        .filter((status) => status !== 200 && status !== 503),
    ).toEqual([])
    expect(unavailable.length).toBeGreaterThan(0)
    expect(unavailable.every((outcome) => outcome.retryAfter === '1')).toBe(true)
    // The deadline, plus room for this busy machine to schedule the answer.
    expect(slowest).toBeLessThan(timeoutMs + 1500)
    // Every request sent once the engine was dead and answered before it accepted again: a
    // request sent just before it was back may still succeed, on its client's retry.
    const whileAway = outcomes.filter(
      (outcome) => outcome.at > killedAt + 200 && outcome.at + outcome.ms < acceptingAt,
    )
    expect(whileAway.length).toBeGreaterThan(0)
    expect(whileAway.every((outcome) => outcome.status === 503)).toBe(true)
    expect(healthWhileAway.status).toBe(503)
    expect(recovered.length).toBeGreaterThan(0)
    expect(recovered.every((outcome) => outcome.status === 200)).toBe(true)
    expect(healthAfter.status).toBe(200)
  })
})

describe('concurrent conditional writes on one key', () => {
  const ROUNDS = 20
  const CONTENDERS = 16
  let stack: LocalStackProcess

  beforeAll(async () => {
    stack = await startLocalStackProcess()
  })

  afterAll(async () => {
    await stack?.stop('SIGTERM')
  })

  /** ROUNDS rounds, one after another, of CONTENDERS requests at once; their statuses. */
  async function contend(envelopeOf: (round: number, contender: number) => unknown) {
    const rounds: number[][] = []
    for (let round = 0; round < ROUNDS; round += 1) {
      rounds.push(
        await Promise.all(
          Array.from({ length: CONTENDERS }, (_, contender) =>
            postManager(stack.url, envelopeOf(round, contender)).then((result) => result.status),
          ),
        ),
      )
    }
    return rounds
  }

  function expectOneWinnerPerRound(rounds: readonly number[][]) {
    for (const statuses of rounds) {
      expect(statuses.filter((status) => status === 200)).toHaveLength(1)
      expect(statuses.filter((status) => status === 409)).toHaveLength(CONTENDERS - 1)
    }
  }

  it(`creates with attribute_not_exists: exactly one winner in each of ${ROUNDS} rounds, the rest 409`, async () => {
    // Act
    const rounds = await contend((round, contender) => ({
      operation: 'create',
      payload: {
        Item: { id: `race-${round}`, winner: contender },
        ConditionExpression: 'attribute_not_exists(id)',
      },
    }))

    // Assess
    expectOneWinnerPerRound(rounds)
  })

  it(`versioned updates: exactly one winner per round, and the version counts the rounds`, async () => {
    // Prepare
    await postManager(stack.url, {
      operation: 'create',
      payload: { Item: { id: 'versioned', version: 0 } },
    })

    // Act
    const rounds = await contend((round, contender) => ({
      operation: 'update',
      payload: {
        Key: { id: 'versioned' },
        UpdateExpression: 'SET version = :next, winner = :who',
        ConditionExpression: 'version = :current',
        ExpressionAttributeValues: { ':current': round, ':next': round + 1, ':who': contender },
      },
    }))
    const final = await postManager(stack.url, {
      operation: 'read',
      payload: { Key: { id: 'versioned' } },
    })

    // Assess
    expectOneWinnerPerRound(rounds)
    expect(final.json).toMatchObject({ Item: { version: ROUNDS } })
  })
})

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { afterTest } from '../support/after-test.js'
import {
  jsonLogLines,
  type LocalStackProcess,
  postManager,
  request,
  spawnLocalStack,
  startLocalStackProcess,
} from '../support/local-stack-process.js'

const API_KEY = 'test-key-0123456789-abcdefghij'
const execFileAsync = promisify(execFile)
const run = async (...args: Parameters<typeof execFileAsync>) =>
  (await execFileAsync(...args)).stdout
const SECRET_IN_BODY = 'card-4111-1111-1111-1111'

describe('access: the local gateway with API_KEY', () => {
  let stack: LocalStackProcess

  beforeAll(async () => {
    // HOST beyond loopback: allowed only because an API key is set.
    stack = await startLocalStackProcess({
      env: { HOST: '0.0.0.0', API_KEY, POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    })
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
  })

  it('prints a sample curl that sends the key: pasted in a shell with API_KEY, it is served', async () => {
    // Prepare: the banner's curl command, as a user copies it.
    const curl = /^ {2}curl [^\n]*(\n {4}[^\n]*)*$/m.exec(stack.output())?.[0] ?? ''

    // Act
    const pasted = await run('bash', ['-c', curl], { env: { ...process.env, API_KEY } })

    // Assess
    expect(curl).toContain('-H "x-api-key: $API_KEY"')
    expect(curl).not.toContain(API_KEY)
    expect(pasted).toBe('{}')
  })

  it.each([
    ['no key', {}, 401, 'Unauthorized'],
    ['an empty key', { 'x-api-key': '' }, 401, 'Unauthorized'],
    ['a wrong key', { 'x-api-key': 'not-the-key-but-long-enough' }, 403, 'Forbidden'],
    [
      'the key with one character changed',
      { 'x-api-key': `${API_KEY.slice(0, -1)}X` },
      403,
      'Forbidden',
    ],
  ])("refuses %s: %i %s, in the API's error shape", async (_name, headers, status, code) => {
    const result = await postManager(
      stack.url,
      { operation: 'ping' },
      { headers: { 'content-type': 'application/json', ...headers } },
    )
    expect(result).toMatchObject({
      status,
      json: { code, message: expect.stringContaining('x-api-key'), requestId: expect.any(String) },
    })
  })

  it('serves a request with the right key', async () => {
    const result = await postManager(
      stack.url,
      { operation: 'ping' },
      { headers: { 'content-type': 'application/json', 'x-api-key': API_KEY } },
    )
    expect(result).toMatchObject({ status: 200, json: 'pong' })
  })

  it('leaves /health open to health checkers, as Route 53 probes it', async () => {
    expect((await request(new URL('/health', stack.url))).status).toBe(200)
    expect((await request(new URL('/Prod/health', stack.url))).status).toBe(200)
  })

  it('keeps the engine on 127.0.0.1 even when the gateway listens on every address: it checks no credentials', () => {
    expect(stack.dynamoDbEndpoint.hostname).toBe('127.0.0.1')
    expect(stack.url.hostname).toBe('0.0.0.0')
  })

  it('sets the security headers of a JSON API on every answer', async () => {
    const result = await postManager(
      stack.url,
      { operation: 'ping' },
      { headers: { 'content-type': 'application/json', 'x-api-key': API_KEY } },
    )
    expect(
      Object.fromEntries(
        [
          'content-type',
          'cache-control',
          'x-content-type-options',
          'x-frame-options',
          'content-security-policy',
          'strict-transport-security',
          'referrer-policy',
        ].map((name) => [name, result.headers.get(name)]),
      ),
    ).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
    })
  })

  it('logs structured JSON lines with the request id, and never a body or a credential, even at DEBUG', async () => {
    // Prepare
    const headers = {
      'content-type': 'application/json',
      'x-api-key': API_KEY,
      authorization: 'Bearer very-secret-token',
    }

    // Act
    const written = await postManager(
      stack.url,
      { operation: 'create', payload: { Item: { id: 'logged', card: SECRET_IN_BODY } } },
      { headers },
    )
    // The request's line is written as the answer goes out: wait for it, not for a while.
    const requestId = written.headers.get('x-amzn-requestid')
    const line = await vi.waitUntil(
      () => jsonLogLines(stack.output()).find((each) => each.requestId === requestId),
      { timeout: 5000, interval: 20 },
    )

    // Assess
    expect(line).toMatchObject({
      level: 'DEBUG',
      message: 'request',
      status: 200,
      service: 'serverless-lab',
    })
    expect(stack.output()).not.toContain(SECRET_IN_BODY)
    expect(stack.output()).not.toContain('very-secret-token')
    expect(stack.output()).not.toContain(API_KEY)
  })
})

describe('access: refusals at start-up', () => {
  it.each([
    [
      'HOST beyond loopback without API_KEY',
      { HOST: '0.0.0.0' },
      /Configuration error: HOST: listening on 0\.0\.0\.0 opens the API to the network, so an API key is required/,
    ],
    [
      'an API_KEY short enough to guess',
      { API_KEY: 'short' },
      /Configuration error: API_KEY: must be at least 20 characters/,
    ],
  ])('%s stops start-up, saying why', async (_name, env, message) => {
    const started = spawnLocalStack({ env })
    afterTest(() => started.stop('SIGKILL'))
    const exit = await started.exited
    expect(exit.code).toBe(2)
    expect(started.output()).toMatch(message)
  })
})

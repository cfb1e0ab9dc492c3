import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { afterTest } from '../support/after-test.js'
import { fakeAwsEnvironment, stubFetch } from '../support/aws-environment.js'
import {
  type CaptureServer,
  closedPortUrl,
  startCaptureServer,
  startSilentServer,
} from '../support/capture-server.js'
import { runCliInProcess } from '../support/cli-io.js'

/** How undici's fetch fails when it gets no answer: a TypeError whose cause says why. */
const fetchFailed = (message: string, code: string) => () =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) })

const STACK_LINE = /^\s+at /m

describe('expected failures of the CLI: one line each, with a documented exit status', () => {
  let capture: CaptureServer
  let folder: string

  beforeAll(async () => {
    capture = await startCaptureServer()
    folder = await mkdtemp(join(tmpdir(), 'serverless-lab-failures-'))
  })

  afterAll(async () => {
    await capture?.close()
    await rm(folder, { recursive: true, force: true })
  })

  it.each([
    ['ping'],
    ['health'],
    ['read', '--key', '{"id": "1"}'],
    ['list'],
    [
      'query',
      '--key-condition-expression',
      'id = :id',
      '--expression-attribute-values',
      '{":id": "1"}',
    ],
    ['export'],
    ['import', '-'],
    ['smoke'],
  ])('%s exits 2 on a refused connection, without a stack trace', async (...args) => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    const url = await closedPortUrl()

    // Act
    const run = await runCliInProcess([...args, '--url', url.href], { env, stdin: '{"id": "1"}\n' })

    // Assess
    expect(run.code).toBe(2)
    expect(`${run.stdout}${run.stderr}`).toMatch(
      /NetworkError.*Could not reach http:\/\/127\.0\.0\.1:\d+/,
    )
    expect(run.stderr).not.toMatch(STACK_LINE)
  })

  it('reports a TLS failure in one line, exit 2', async () => {
    // Prepare: TLS spoken to a plain HTTP server.
    const env = await fakeAwsEnvironment({})
    const url = `https://127.0.0.1:${capture.url.port}`

    // Act
    const run = await runCliInProcess(['ping', '--url', url], { env })

    // Assess
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^An error occurred \(NetworkError, no answer\) when calling the ping operation: Could not reach https:\/\/127\.0\.0\.1:\d+: .+\n$/,
    )
  })

  it.each([
    [
      'a DNS failure',
      fetchFailed('getaddrinfo ENOTFOUND api.example.com', 'ENOTFOUND'),
      /ENOTFOUND/,
    ],
    [
      'a connect timeout',
      fetchFailed(
        'Connect Timeout Error (attempted address: api.example.com:443, timeout: 10000ms)',
        'UND_ERR_CONNECT_TIMEOUT',
      ),
      /Connect Timeout Error/,
    ],
    [
      'an AggregateError without a message',
      () =>
        new TypeError('fetch failed', {
          cause: Object.assign(
            new AggregateError([new Error('connect ECONNREFUSED ::1:443')], ''),
            { code: 'ECONNREFUSED' },
          ),
        }),
      /ECONNREFUSED/,
    ],
  ])('reports %s in one line, exit 2', async (_what, failure, says) => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    stubFetch({ failure })

    // Act
    const run = await runCliInProcess(['ping', '--url', 'https://api.example.com'], { env })

    // Assess
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^An error occurred \(NetworkError, no answer\) when calling the ping operation: Could not reach https:\/\/api\.example\.com: /,
    )
    expect(run.stderr).toMatch(says)
    expect(run.stderr.split('\n')).toHaveLength(2)
  })

  it.each([
    [
      'not a URL',
      'nowhere',
      /^serverless-lab: --url "nowhere" is not a URL, e\.g\. http:\/\/127\.0\.0\.1:3000\.$/,
    ],
    [
      'not HTTP',
      'ftp://127.0.0.1:3000',
      /^serverless-lab: --url "ftp:\/\/127\.0\.0\.1:3000" is not http:\/\/ or https:\/\//,
    ],
    [
      'a port fetch refuses',
      'http://127.0.0.1:9',
      /^serverless-lab: --url "http:\/\/127\.0\.0\.1:9": port 9 is one fetch refuses/,
    ],
  ])('refuses a URL that is %s before sending, exit 1', async (_what, url, says) => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    const requests = stubFetch()

    // Act
    const run = await runCliInProcess(['ping', '--url', url], { env })

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr.split('\n')[0]).toMatch(says)
    expect(requests).toEqual([])
  })

  it.each([
    ['--timeout', ['--timeout', '0.2'], {}],
    ['SERVERLESS_LAB_TIMEOUT', [], { SERVERLESS_LAB_TIMEOUT: '0.2' }],
  ])(
    'stops waiting for an API that does not answer after %s, exit 2',
    async (_how, flags, timeoutEnv) => {
      // Prepare
      const env = await fakeAwsEnvironment({}, timeoutEnv)
      const silent = await startSilentServer()
      afterTest(() => silent.close())

      // Act
      const run = await runCliInProcess(
        ['read', '--key', '{"id": "1"}', '--url', silent.url.href, ...flags],
        {
          env,
        },
      )

      // Assess
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(
        /^An error occurred \(NetworkError, no answer\) when calling the read operation: No answer from http:\/\/127\.0\.0\.1:\d+ within 0\.2 s; the request may still have been run\.\n$/,
      )
      expect(silent.requests).toHaveLength(1)
    },
  )

  it.each([['abc'], ['-1'], ['']])('refuses --timeout %j before sending, exit 1', async (value) => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    const requests = stubFetch()

    // Act
    const run = await runCliInProcess(
      ['ping', '--url', 'http://127.0.0.1:3000', `--timeout=${value}`],
      {
        env,
      },
    )

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr.split('\n')[0]).toBe(
      `serverless-lab: --timeout takes a number of seconds, e.g. 30, or 0 for no limit; got "${value}".`,
    )
    expect(requests).toEqual([])
  })

  it('reports a file it cannot write in one line, exit 1', async () => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    const output = join(folder, 'no-such-folder', 'items.jsonl')

    // Act
    const run = await runCliInProcess(['export', '--output', output, '--url', capture.url.href], {
      env,
    })

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^serverless-lab export: ENOENT: no such file or directory, open '.*items\.jsonl'\n$/,
    )
  })
})

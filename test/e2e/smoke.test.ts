import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { afterTest } from '../support/after-test.js'
import { type CapturedRequest, startRecordingProxy } from '../support/capture-server.js'
import { runCliInProcess } from '../support/cli-io.js'
import {
  type LocalStackProcess,
  postManager,
  startLocalStackProcess,
} from '../support/local-stack-process.js'

const PROJECT_ROOT = new URL('../../', import.meta.url).pathname
/** A CLI process the test waits for is killed past this, so that a hung one cannot outlive its test. */
const CLI_TIMEOUT_MS = 20_000
const API_KEY = 'smoke-test-key-0123456789abcdef'
const STEPS = ['health', 'ping', 'create', 'read', 'update', 'conflict', 'delete', 'deleted']

/** The ids of the smoke items in the stack's table: none once a run is over. */
async function smokeItemsIn(stack: LocalStackProcess, headers = {}): Promise<string[]> {
  const page = await postManager(
    stack.url,
    {
      operation: 'list',
      payload: {
        FilterExpression: 'begins_with(id, :smoke)',
        ExpressionAttributeValues: { ':smoke': 'smoke-' },
      },
    },
    { headers: { 'content-type': 'application/json', ...headers } },
  )
  expect(page.status).toBe(200)
  return (page.json as { Items: { id: string }[] }).Items.map((item) => item.id)
}

/** Each step line's name and outcome: `health ok`, `ping FAILED`, `read skipped`. */
const outcomesIn = (stdout: string) =>
  stdout
    .split('\n')
    .map((line) => /^(\w+)\s+(ok|FAILED|skipped)\b/.exec(line))
    .filter((match) => match !== null)
    .map((match) => `${match[1]} ${match[2]}`)

/** The line of each step that ran ends with its latency. */
const latencyOf = (stdout: string, step: string) =>
  new RegExp(`^${step}\\s+\\w+\\s+\\d+ ms`, 'm').test(stdout)

const allOk = STEPS.map((step) => `${step} ok`)

/** The CLI as a process, the way a shell runs it, with an environment of its own. */
async function smokeProcess(args: readonly string[], env: Record<string, string>) {
  return promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'smoke', ...args],
    {
      cwd: PROJECT_ROOT,
      timeout: CLI_TIMEOUT_MS,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  )
}

/** Fake credentials for SigV4, and no ~/.aws files: the signer takes them from the environment. */
const FAKE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIDSMOKETEST',
  AWS_SECRET_ACCESS_KEY: 'smoke-secret',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_CONFIG_FILE: '/nonexistent/config',
}

function expectSignedFor(region: string, requests: readonly CapturedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0)
  for (const request of requests) {
    expect(request.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=AKIDSMOKETEST/\\d{8}/${region}/execute-api/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$`,
      ),
    )
    expect(request.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/)
  }
}

describe('serverless-lab smoke, against the local stack', () => {
  let open: LocalStackProcess
  let keyed: LocalStackProcess
  let folder: string

  beforeAll(async () => {
    ;[open, keyed] = await Promise.all([
      startLocalStackProcess(),
      startLocalStackProcess({ env: { API_KEY } }),
    ])
    folder = await mkdtemp(join(tmpdir(), 'serverless-lab-smoke-'))
  })

  afterAll(async () => {
    await Promise.all([open?.stop('SIGKILL'), keyed?.stop('SIGKILL')])
    await rm(folder, { recursive: true, force: true })
  })

  it('passes every step against an open API, one line each with its latency, and leaves no item', async () => {
    // Act
    const run = await runCliInProcess(['smoke', '--url', open.url.href])

    // Assess
    expect(run.code).toBe(0)
    expect(outcomesIn(run.stdout)).toEqual(allOk)
    for (const step of STEPS) expect(latencyOf(run.stdout, step)).toBe(true)
    expect(run.stdout).toMatch(/\(no auth\), item smoke-\d{8}T\d{9}Z-[0-9a-f]{8}\n/)
    expect(run.stdout).toMatch(/\nsmoke: all 8 steps passed in \d+ ms\.\n$/)
    expect(await smokeItemsIn(open)).toEqual([])
  })

  it.each([
    ['--api-key', ['--api-key', API_KEY], {}],
    ['SERVERLESS_LAB_API_KEY', [], { SERVERLESS_LAB_API_KEY: API_KEY }],
  ])('passes against an API that takes API keys, the key from %s', async (_from, flags, env) => {
    // Act
    const run = await runCliInProcess(['smoke', '--url', keyed.url.href, ...flags], { env })

    // Assess
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('(API key)')
    expect(outcomesIn(run.stdout)).toEqual(allOk)
    expect(await smokeItemsIn(keyed, { 'x-api-key': API_KEY })).toEqual([])
  })

  it('exits 1 with a wrong API key, naming ping: health is open, ping is not', async () => {
    // Act
    const run = await runCliInProcess(['smoke', '--url', keyed.url.href, '--api-key', 'wrong'])

    // Assess
    expect(run.code).toBe(1)
    expect(outcomesIn(run.stdout)).toEqual([
      'health ok',
      'ping FAILED',
      ...['create', 'read', 'update', 'conflict', 'delete', 'deleted'].map((s) => `${s} skipped`),
    ])
    expect(run.stdout).toMatch(/^ping\s+FAILED\s+\d+ ms {2}Forbidden \(HTTP 403\): The API key/m)
    expect(run.stdout).toMatch(
      /\nsmoke: FAILED at ping \(1 of 8 steps failed, 6 skipped\): Forbidden \(HTTP 403\): The API key .*\n$/,
    )
    expect(await smokeItemsIn(keyed, { 'x-api-key': API_KEY })).toEqual([])
  })

  it.each([
    {
      failing: 'update',
      why: 'a 500 from the API',
      when: (body: string) => body.includes('"operation":"update"'),
      answer: {
        status: 500,
        body: '{"code":"InternalError","message":"injected","requestId":"r-1"}',
      },
      reason: 'InternalError (HTTP 500): injected',
    },
    {
      failing: 'conflict',
      why: 'a conditional create that succeeds over the item',
      when: (body: string) => body.includes('"ConditionExpression"'),
      answer: { status: 200, body: '{}' },
      reason:
        'a create on the condition that the item does not exist replaced it; expected 409 ConditionalCheckFailed',
    },
  ])(
    'exits 2 at $failing for $why, and still removes the item',
    async ({ failing, when, answer, reason }) => {
      // Prepare: a proxy that answers one step itself.
      const proxy = await startRecordingProxy(open.url, (request) =>
        when(request.body) ? answer : undefined,
      )
      afterTest(() => proxy.close())

      // Act
      const run = await runCliInProcess(['smoke', '--url', proxy.url.href])

      // Assess: a server error, the steps after it skipped, the item deleted and seen gone.
      const failedAt = STEPS.indexOf(failing)
      expect(run.code).toBe(2)
      expect(outcomesIn(run.stdout)).toEqual(
        STEPS.map((step, index) => {
          if (index < failedAt || step === 'delete' || step === 'deleted') return `${step} ok`
          return index === failedAt ? `${step} FAILED` : `${step} skipped`
        }),
      )
      const skipped = STEPS.indexOf('delete') - failedAt - 1
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
        `smoke: FAILED at ${failing} (1 of 8 steps failed, ${skipped} skipped): ${reason}`,
      )
      expect(await smokeItemsIn(open)).toEqual([])
    },
  )

  it('says how to remove the item when its delete fails', async () => {
    // Prepare: a proxy that refuses every delete.
    const proxy = await startRecordingProxy(open.url, (request) =>
      request.body.includes('"operation":"delete"')
        ? {
            status: 503,
            body: '{"code":"ServiceUnavailable","message":"injected","requestId":"r"}',
          }
        : undefined,
    )
    afterTest(() => proxy.close())

    // Act
    const run = await runCliInProcess(['smoke', '--url', proxy.url.href])
    const left = await smokeItemsIn(open)
    for (const id of left)
      await postManager(open.url, { operation: 'delete', payload: { Key: { id } } })

    // Assess
    expect(run.code).toBe(2)
    expect(outcomesIn(run.stdout).slice(-2)).toEqual(['delete FAILED', 'deleted FAILED'])
    expect(run.stdout).toMatch(
      /^deleted\s+FAILED\s+\d+ ms {2}the item is still there after its delete; expected 404 ItemNotFound$/m,
    )
    expect(left).toHaveLength(1)
    expect(run.stdout).toContain(
      `Item ${left[0]} may remain: remove it with serverless-lab delete --key '{"id": "${left[0]}"}' and the same connection flags.`,
    )
    expect(run.stdout).toMatch(
      /\nsmoke: FAILED at delete \(2 of 8 steps failed, 0 skipped\): ServiceUnavailable \(HTTP 503\): injected\n$/,
    )
  })

  it('reads the URL from an outputs file, and says how to get the key when the stack takes one', async () => {
    // Prepare
    const file = join(folder, 'keyed-outputs.json')
    const outputs = {
      ServerlessLab: {
        ManagerUrl: new URL('/Prod/DynamoDBManager', keyed.url).href,
        Region: 'eu-west-1',
        ApiId: 'abcdef1234',
        ApiKeyId: 'key1234',
      },
    }
    await writeFile(file, JSON.stringify(outputs))

    // Act
    const withKey = await runCliInProcess(['smoke', '--outputs-file', file, '--api-key', API_KEY])
    const withoutKey = await runCliInProcess(['smoke', '--outputs-file', file])

    // Assess
    expect(withKey.code).toBe(0)
    expect(outcomesIn(withKey.stdout)).toEqual(allOk)
    expect(withoutKey.code).toBe(1)
    expect(withoutKey.stdout).toBe('')
    expect(withoutKey.stderr.split('\n')[0]).toBe(
      'serverless-lab: Stack ServerlessLab takes an API key: get it with "aws apigateway get-api-key --api-key key1234 --include-value --query value --output text" and pass it with --api-key or SERVERLESS_LAB_API_KEY.',
    )
  })

  it('signs every request with SigV4 for execute-api in the Region given by --region', async () => {
    // Prepare
    const proxy = await startRecordingProxy(open.url)
    afterTest(() => proxy.close())

    // Act
    const run = await smokeProcess(
      ['--url', proxy.url.href, '--region', 'eu-west-1'],
      FAKE_CREDENTIALS,
    )

    // Assess
    expect(run.code).toBe(0)
    expect(outcomesIn(run.stdout)).toEqual(allOk)
    expect(proxy.requests[0]).toMatchObject({ method: 'GET', path: '/Prod/health' })
    expect(proxy.requests).toHaveLength(STEPS.length)
    expectSignedFor('eu-west-1', proxy.requests)
    expect(await smokeItemsIn(open)).toEqual([])
  })

  it("signs for the outputs file's Region when the stack takes no key (IAM auth)", async () => {
    // Prepare
    const proxy = await startRecordingProxy(open.url)
    afterTest(() => proxy.close())
    const file = join(folder, 'iam-outputs.json')
    const stack = {
      ManagerUrl: new URL('/Prod/DynamoDBManager', proxy.url).href,
      Region: 'ap-southeast-2',
      ApiId: 'abcdef1234',
    }
    await writeFile(file, JSON.stringify({ Tables: { TableName: 'x' }, ServerlessLab: stack }))

    // Act
    const run = await smokeProcess(['--outputs-file', file], FAKE_CREDENTIALS)

    // Assess
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('(SigV4 (ap-southeast-2))')
    expect(outcomesIn(run.stdout)).toEqual(allOk)
    expectSignedFor('ap-southeast-2', proxy.requests)
    expect(await smokeItemsIn(open)).toEqual([])
  })
})

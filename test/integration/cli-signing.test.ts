import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeAwsEnvironment, stubFetch } from '../support/aws-environment.js'
import { type CaptureServer, startCaptureServer } from '../support/capture-server.js'
import { runCliInProcess } from '../support/cli-io.js'

const EXECUTE_API = 'https://abcdef1234.execute-api.eu-west-1.amazonaws.com/Prod'
const LAB_CREDENTIALS = '[lab]\naws_access_key_id = AKIDLAB\naws_secret_access_key = secret\n'
/** A SigV4 Authorization header of the profile lab's key, for execute-api in `region`. */
const signedFor = (region: string) =>
  new RegExp(
    `^AWS4-HMAC-SHA256 Credential=AKIDLAB/\\d{8}/${region}/execute-api/aws4_request, SignedHeaders=\\S*host\\S*, Signature=[0-9a-f]{64}$`,
  )

describe('when the CLI signs with SigV4', () => {
  let capture: CaptureServer
  let folder: string

  beforeAll(async () => {
    capture = await startCaptureServer({ status: 200, body: '"pong"' })
    folder = await mkdtemp(join(tmpdir(), 'serverless-lab-signing-'))
  })

  afterAll(async () => {
    await capture?.close()
    await rm(folder, { recursive: true, force: true })
  })

  /** An outputs file of one stack, ServerlessLab, whose ManagerUrl is the capture server. */
  async function writeOutputs(name: string, outputs: Record<string, string>): Promise<string> {
    const file = join(folder, name)
    const ManagerUrl = new URL('/Prod/DynamoDBManager', capture.url).href
    await writeFile(file, JSON.stringify({ ServerlessLab: { ManagerUrl, ...outputs } }))
    return file
  }

  it('signs an execute-api URL by itself, with the profile AWS_PROFILE names and the Region of the host', async () => {
    // Prepare
    const env = await fakeAwsEnvironment({ credentials: LAB_CREDENTIALS }, { AWS_PROFILE: 'lab' })
    const requests = stubFetch()

    // Act
    const run = await runCliInProcess(['ping', '--url', EXECUTE_API], { env })

    // Assess
    expect(run).toMatchObject({ code: 0, stdout: '"pong"\n' })
    expect(requests[0]?.url).toBe(`${EXECUTE_API}/DynamoDBManager`)
    expect(requests[0]?.headers.authorization).toMatch(signedFor('eu-west-1'))
  })

  it('never signs a loopback URL unasked, whatever AWS variables the shell has', async () => {
    // Prepare
    const env = await fakeAwsEnvironment(
      { credentials: LAB_CREDENTIALS },
      {
        AWS_PROFILE: 'lab',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDENV',
        AWS_SECRET_ACCESS_KEY: 'secret',
      },
    )

    // Act
    const run = await runCliInProcess(['ping', '--url', capture.url.href], { env })

    // Assess
    expect(run.code).toBe(0)
    expect(capture.requests.at(-1)?.headers.authorization).toBeUndefined()
  })

  it('signs another host (a custom domain) when --profile asks, for --region or $AWS_REGION', async () => {
    // Prepare
    const env = await fakeAwsEnvironment(
      { credentials: LAB_CREDENTIALS },
      { AWS_REGION: 'ap-southeast-2' },
    )
    const requests = stubFetch()

    // Act
    await runCliInProcess(['ping', '--url', 'https://api.example.com', '--profile', 'lab'], { env })
    await runCliInProcess(
      ['ping', '--url', 'https://api.example.com', '--profile', 'lab', '--region', 'us-west-2'],
      { env },
    )

    // Assess
    expect(requests.map((request) => request.headers.authorization)).toEqual([
      expect.stringMatching(signedFor('ap-southeast-2')),
      expect.stringMatching(signedFor('us-west-2')),
    ])
  })

  it('sends the API key and no signature to an execute-api URL given a key, and nothing with --no-sign', async () => {
    // Prepare: no credentials at all, so that signing would fail.
    const env = await fakeAwsEnvironment({})
    const requests = stubFetch()

    // Act
    const keyed = await runCliInProcess(['ping', '--url', EXECUTE_API, '--api-key', 'k-1'], { env })
    const open = await runCliInProcess(['ping', '--url', EXECUTE_API, '--no-sign'], { env })

    // Assess
    expect([keyed.code, open.code]).toEqual([0, 0])
    expect(requests[0]?.headers).toMatchObject({ 'x-api-key': 'k-1' })
    expect(requests[0]?.headers.authorization).toBeUndefined()
    expect(requests[1]?.headers.authorization).toBeUndefined()
  })

  it('takes the URL and the Region from --outputs, the file cdk deploy --outputs-file writes', async () => {
    // Prepare
    const env = await fakeAwsEnvironment({ credentials: LAB_CREDENTIALS }, { AWS_PROFILE: 'lab' })
    const file = await writeOutputs('outputs.json', { Region: 'ca-central-1', ApiId: 'abcdef1234' })

    // Act: the connection options may lead, as the AWS CLI's do.
    const run = await runCliInProcess(['--outputs', file, 'ping'], { env })

    // Assess
    expect(run.code).toBe(0)
    expect(capture.requests.at(-1)).toMatchObject({ method: 'POST', path: '/Prod/DynamoDBManager' })
    expect(capture.requests.at(-1)?.headers.authorization).toMatch(signedFor('ca-central-1'))
  })

  it('says in one line how to get the key of a stack that takes one, and sends it once given', async () => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    const file = await writeOutputs('keyed-outputs.json', {
      Region: 'eu-west-1',
      ApiKeyId: 'key1234',
    })

    // Act
    const without = await runCliInProcess(['ping', '--outputs', file], { env })
    const keyed = await runCliInProcess(['ping', '--outputs', file], {
      env: { ...env, SERVERLESS_LAB_API_KEY: 'k-2' },
    })

    // Assess
    expect(without.code).toBe(1)
    expect(without.stderr.split('\n')[0]).toBe(
      'serverless-lab: Stack ServerlessLab takes an API key: get it with "aws apigateway get-api-key --api-key key1234 --include-value --query value --output text" and pass it with --api-key or SERVERLESS_LAB_API_KEY.',
    )
    expect(keyed.code).toBe(0)
    expect(capture.requests.at(-1)?.headers['x-api-key']).toBe('k-2')
    expect(capture.requests.at(-1)?.headers.authorization).toBeUndefined()
  })
})

describe('serverless-lab health', () => {
  it('GETs …/health, unsigned even on an execute-api host, and prints the answer', async () => {
    // Prepare: no credentials: health needs none.
    const env = await fakeAwsEnvironment({})
    const requests = stubFetch({ body: '{"status":"ok"}' })

    // Act
    const run = await runCliInProcess(['health', '--url', EXECUTE_API], { env })

    // Assess
    expect(run).toMatchObject({ code: 0, stdout: '{\n    "status": "ok"\n}\n' })
    expect(requests).toEqual([
      expect.objectContaining({ method: 'GET', url: `${EXECUTE_API}/health` }),
    ])
    expect(requests[0]?.headers.authorization).toBeUndefined()
  })

  it('exits 2 when the table is unreachable (503)', async () => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    stubFetch({
      status: 503,
      body: '{"code":"ServiceUnavailable","message":"The table is unreachable."}',
    })

    // Act
    const run = await runCliInProcess(['health', '--url', 'http://127.0.0.1:3000'], { env })

    // Assess
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'An error occurred (ServiceUnavailable, HTTP 503) when calling the health operation: The table is unreachable.\n',
    )
  })
})

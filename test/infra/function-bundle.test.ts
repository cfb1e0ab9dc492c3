import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoDBManagerStack } from '../../infra/stacks/dynamodb-manager-stack.js'
import { startTestEngine, type TestEngine } from '../support/embedded-engine.js'

const run = promisify(execFile)

/**
 * The handler as Lambda gets it: the asset NodejsFunction bundles with the local esbuild,
 * copied alone into an empty folder (no node_modules to fall back on) and run by a plain
 * node process against a real DynamoDB engine.
 */
const DRIVER = `
const { handler } = await import('./index.mjs')
const event = JSON.parse(process.argv[2])
process.stdout.write(JSON.stringify(await handler(event, { awsRequestId: 'lambda-1' })))
`

function restEvent(method: string, resource: string, body: string | null) {
  return {
    httpMethod: method,
    resource,
    path: `/Prod${resource}`,
    headers: { 'Content-Type': 'application/json' },
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'gw-1', stage: 'Prod' },
  }
}

describe('the function bundle', () => {
  let engine: TestEngine
  let bundleDir: string

  beforeAll(async () => {
    engine = await startTestEngine()
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cdk-bundle-')) })
    const stack = new DynamoDBManagerStack(app, 'Bundled', { env: { region: 'eu-west-1' } })
    const code = Template.fromStack(stack).toJSON().Resources as Record<
      string,
      { Type: string; Properties: { Code?: { S3Key?: string } } }
    >
    const key = Object.values(code).find((each) => each.Type === 'AWS::Lambda::Function')
      ?.Properties.Code?.S3Key
    const assetDir = join(app.outdir, `asset.${String(key).replace(/\.zip$/, '')}`)
    bundleDir = mkdtempSync(join(tmpdir(), 'lambda-task-'))
    cpSync(assetDir, bundleDir, { recursive: true })
    writeFileSync(join(bundleDir, 'driver.mjs'), DRIVER)
  }, 60_000)

  afterAll(async () => {
    await engine.stop()
  })

  async function invoke(event: unknown): Promise<unknown> {
    const { stdout } = await run(process.execPath, ['driver.mjs', JSON.stringify(event)], {
      cwd: bundleDir,
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        DYNAMODB_ENDPOINT: engine.endpoint.href,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    })
    return JSON.parse(stdout)
  }

  it('is one ESM file with its source map and no node_modules beside it', () => {
    expect(readdirSync(bundleDir).sort()).toEqual(['driver.mjs', 'index.mjs', 'index.mjs.map'])
    expect(existsSync(join(bundleDir, 'node_modules'))).toBe(false)
  })

  it('writes and reads an item through the bundled SDK, numbers exact', async () => {
    // Act
    const created = await invoke(
      restEvent(
        'POST',
        '/DynamoDBManager',
        '{"operation":"create","payload":{"Item":{"id":"bundle","n":12345678901234567890}}}',
      ),
    )
    const read = await invoke(
      restEvent(
        'POST',
        '/DynamoDBManager',
        '{"operation":"read","payload":{"Key":{"id":"bundle"}}}',
      ),
    )

    // Assess
    expect(created).toMatchObject({ statusCode: 200 })
    expect(read).toMatchObject({
      statusCode: 200,
      body: '{"Item":{"id":"bundle","n":12345678901234567890}}',
    })
  })

  it('answers GET /health and a direct invocation', async () => {
    expect(await invoke(restEvent('GET', '/health', null))).toMatchObject({
      statusCode: 200,
      body: '{"status":"ok"}',
    })
    expect(await invoke({ operation: 'ping' })).toBe('pong')
  })
})

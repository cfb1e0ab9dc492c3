import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { useBundleUnderTest } from '../support/bundle-under-test.js'
import { restEvent } from '../support/events.js'

const run = promisify(execFile)

/** The header as a client sends it: API Gateway passes its case on unchanged. */
const JSON_CONTENT = { 'Content-Type': 'application/json' }

/**
 * The handler as Lambda gets it: the asset NodejsFunction bundles with the local esbuild,
 * copied alone into an empty folder (no node_modules to fall back on) and run by a plain
 * node process against a real DynamoDB engine.
 */
const DRIVER = `
const { handler } = await import('./index.js')
const event = JSON.parse(process.argv[2])
process.stdout.write('\\n' + JSON.stringify(await handler(event, { awsRequestId: 'lambda-1' })))
`

describe('the function bundle', () => {
  const subject = useBundleUnderTest(DRIVER)

  async function invoke(event: unknown): Promise<unknown> {
    const { stdout } = await run(process.execPath, ['driver.mjs', JSON.stringify(event)], {
      cwd: subject.bundle.dir,
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        DYNAMODB_ENDPOINT: subject.engine.endpoint.href,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    })
    // The bundle writes the invocation's metrics (an EMF line) first; the answer comes last.
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '')
  }

  it('is one CommonJS file with its source map and no node_modules beside it', () => {
    expect(readdirSync(subject.bundle.dir).sort()).toEqual([
      'driver.mjs',
      'index.js',
      'index.js.map',
    ])
    expect(existsSync(join(subject.bundle.dir, 'node_modules'))).toBe(false)
  })

  it('writes and reads an item through the bundled SDK, numbers exact', async () => {
    // Act
    const created = await invoke(
      restEvent(
        'POST',
        '/DynamoDBManager',
        '{"operation":"create","payload":{"Item":{"id":"bundle","n":12345678901234567890}}}',
        JSON_CONTENT,
      ),
    )
    const read = await invoke(
      restEvent(
        'POST',
        '/DynamoDBManager',
        '{"operation":"read","payload":{"Key":{"id":"bundle"}}}',
        JSON_CONTENT,
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
    expect(await invoke(restEvent('GET', '/health'))).toMatchObject({
      statusCode: 200,
      body: '{"status":"ok"}',
    })
    expect(await invoke({ operation: 'ping' })).toBe('pong')
  })
})

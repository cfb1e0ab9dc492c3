import { type ChildProcess, spawn } from 'node:child_process'
import { cp, mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor200 } from '../../test/support/free-port.js'
import { TOOLS_DIR } from '../tools.js'

export type ServerlessOfflineMode = 'default' | 'in-process'

export interface RunningServerlessOffline {
  readonly url: string
  /** Milliseconds from spawning `serverless offline` to its first 200 on GET /Prod/health. */
  readonly readyMs: number
  stop(): Promise<void>
}

/**
 * The same handler bundle on the same routes, as serverless-offline serves it: REST (v1)
 * proxy events on POST /Prod/DynamoDBManager and GET /Prod/health.
 */
function serviceDefinition(dynamoDbEndpoint: string, handlerModule: string): string {
  return `service: serverless-lab-bench
frameworkVersion: '3'
provider:
  name: aws
  runtime: nodejs20.x
  stage: Prod
  region: us-east-1
  environment:
    DYNAMODB_ENDPOINT: ${dynamoDbEndpoint}
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
    POWERTOOLS_LOG_LEVEL: WARN
functions:
  LambdaFunctionOverHttps:
    handler: ${handlerModule}.handler
    events:
      - http: { path: DynamoDBManager, method: post }
      - http: { path: health, method: get }
plugins:
  - serverless-offline
`
}

export async function startServerlessOffline(
  mode: ServerlessOfflineMode,
  bundleFile: string,
  dynamoDbEndpoint: string,
): Promise<RunningServerlessOffline> {
  const serviceDir = new URL(`service-${mode}/`, TOOLS_DIR)
  await mkdir(serviceDir, { recursive: true })
  await writeFile(
    new URL('serverless.yml', serviceDir),
    serviceDefinition(dynamoDbEndpoint, basename(bundleFile).replace(/\.m?js$/, '')),
  )
  // The function's asset as is (index.mjs and its source map), beside the service definition.
  await cp(dirname(bundleFile), fileURLToPath(serviceDir), { recursive: true })
  const [httpPort, lambdaPort] = [await freePort(), await freePort()]
  const args = [
    'offline',
    'start',
    '--httpPort',
    String(httpPort),
    '--lambdaPort',
    String(lambdaPort),
    '--host',
    '127.0.0.1',
  ]
  if (mode === 'in-process') args.push('--useInProcess')
  const started = performance.now()
  const child: ChildProcess = spawn(
    fileURLToPath(new URL('node_modules/.bin/serverless', TOOLS_DIR)),
    args,
    {
      cwd: fileURLToPath(serviceDir),
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        SLS_DEPRECATION_DISABLE: '*',
      },
      stdio: 'ignore',
    },
  )
  const url = `http://127.0.0.1:${httpPort}`
  try {
    const readyMs = await waitFor200(`${url}/Prod/health`, started)
    return {
      url,
      readyMs,
      stop: async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      },
    }
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  }
}

import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { FUNCTION_BUNDLING, HANDLER_ENTRY } from '../../infra/constructs/lab-function.js'
import { postManager, startLocalStack } from '../../test/support/local-stack-process.js'
import { type BenchContext, READ_KEY } from '../context.js'
import { type ProfileShare, profileShares } from '../cpu-profile.js'
import { httpLoad } from '../load.js'
import { type SectionResult, table } from '../report.js'
import { round } from '../stats.js'

const run = promisify(execFile)
const COLD_RUNS = 10

function sharesTable(
  shares: readonly ProfileShare[],
  { rows = 12, withMilliseconds = false } = {},
): string {
  return table(
    ['where the CPU went (self time)', 'share', ...(withMilliseconds ? ['ms per run'] : [])],
    shares
      .slice(0, rows)
      .map(({ owner, selfShare, milliseconds }) => [
        owner,
        `${round(selfShare * 100, 1)}%`,
        ...(withMilliseconds ? [round(milliseconds, 1)] : []),
      ]),
  )
}

/** The gateway's main thread under read load, profiled with node --cpu-prof. */
async function gatewayProfile(context: BenchContext): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'bench-profile-'))
  const stack = await startLocalStack({
    env: { DATA_DIR: ':memory:' },
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${folder}`],
  })
  try {
    await postManager(stack.url, {
      operation: 'create',
      payload: { Item: { ...READ_KEY, name: 'Bob', n: 5 } },
    })
    const target = {
      url: new URL('/Prod/DynamoDBManager', stack.url).href,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'read', payload: { Key: READ_KEY } }),
    }
    await httpLoad(target, { connections: context.connections, seconds: 2 })
    await httpLoad(target, { connections: context.connections, seconds: context.seconds * 2 })
  } finally {
    await stack.stop('SIGTERM')
  }
  // Thread 0 of the stack's process is the gateway; the engine and tsx's loader have their own.
  const pid = stack.child.pid
  for (const file of await readdir(folder)) {
    if (!new RegExp(`\\.${pid}\\.0\\.\\d+\\.cpuprofile$`).test(file)) await rm(join(folder, file))
  }
  const shares = await profileShares(folder)
  await rm(folder, { recursive: true, force: true })
  return sharesTable(shares)
}

/** The function's cold start, profiled on an unminified build with the CDK app's settings. */
async function coldStartProfile(context: BenchContext): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'bench-cold-profile-'))
  const bundle = join(folder, 'index.js')
  await build({
    entryPoints: [HANDLER_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: FUNCTION_BUNDLING.target,
    mainFields: FUNCTION_BUNDLING.mainFields,
    minify: false,
    outfile: bundle,
    logLevel: 'error',
  })
  const driver = join(folder, 'first-request.cjs')
  await writeFile(
    driver,
    `require('./index.js').handler({ operation: 'read', payload: { Key: { id: 'bench-read' } } })\n`,
  )
  const profiles = join(folder, 'profiles')
  for (let attempt = 0; attempt < COLD_RUNS; attempt += 1) {
    await run(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--cpu-prof-interval=50', driver],
      {
        env: {
          ...process.env,
          DYNAMODB_ENDPOINT: context.stack.dynamoDbEndpoint.href,
          POWERTOOLS_LOG_LEVEL: 'WARN',
        },
      },
    )
  }
  const shares = await profileShares(profiles, bundle)
  await rm(folder, { recursive: true, force: true })
  return sharesTable(shares, { rows: 14, withMilliseconds: true })
}

/**
 * Where the time goes, for the targets this project misses: CPU profiles of the gateway
 * under load and of the function's cold start, attributed to the packages that spend it.
 */
export async function profilesSection(context: BenchContext): Promise<SectionResult> {
  const gateway = await gatewayProfile(context)
  const coldStart = await coldStartProfile(context)
  return {
    title: 'Profiles: where the time goes',
    markdown: `### The gateway under read load

\`node --cpu-prof\` on the local stack's main thread (the gateway, the handler and the SDK; the
engine runs in a worker thread of its own) while wrk reads one item at ${context.connections}
connections for ${context.seconds * 2} s; idle time left out, start-up included.

${gateway}

The AWS SDK (\`@smithy/*\`, \`@aws-sdk/*\`) and Node's HTTP client and server, with the socket
system calls under them (\`native\`), take nearly all of it; this project's own code is a few
per cent. The SDK's call is already trimmed (cached middleware, a kept signer, a lean request
handler: see src/aws/dynamodb-client.ts): what is left is its middleware chain, SigV4 and
the schema-driven (de)serialisers, which run on Lambda too and cannot be switched off. The
gateway does all the work of the DocumentClient ceiling (one SDK call per request) plus a
full HTTP exchange with the client, on one thread, so it lands near that ceiling, not 1.5x
above it. serverless-offline in its default mode serves the same bundle at about a quarter
of the gateway's rate (its worker threads and per-request bookkeeping), so the 4x target
hangs on the same few per cent.

### The function's cold start

\`node --cpu-prof\` over ${COLD_RUNS} runs of an unminified build of the function, made with the CDK
app's bundling settings, each loading it and serving one read; per package. \`node:internal\`
is node's own start-up (a bare \`node -e ""\` spends most of it) and its module loader.

${coldStart}

Loading and first use of the AWS SDK dominate: its modules build their command schemas,
endpoint rules and middleware when evaluated, and the first call resolves credentials,
endpoint and signing key. What this project could cut is cut: the bundle is CommonJS, ES
module sources first so that unused SDK code is dropped, no source-map support at start,
request validators compiled on first use. Below the 40 ms target lies the SDK's own start.
`,
    targets: [],
    skipped: [],
  }
}

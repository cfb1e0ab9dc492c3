import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { FUNCTION_BUNDLING, HANDLER_ENTRY } from '../../infra/constructs/function-bundling.js'
import { startLocalStackProcess } from '../../test/support/local-stack-process.js'
import { type BenchContext, READ_REQUEST, seedReadItem } from '../context.js'
import { type ProfileShare, profileShares } from '../cpu-profile.js'
import { httpLoad } from '../load.js'
import { type SectionResult, table } from '../report.js'
import { round } from '../stats.js'
import { managerTarget } from './http.js'

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
  const stack = await startLocalStackProcess({
    env: { DATA_DIR: ':memory:' },
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${folder}`],
  })
  try {
    await seedReadItem(stack)
    const target = managerTarget(stack.url.href.replace(/\/$/, ''), 'read')
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
  await writeFile(driver, `require('./index.js').handler(${JSON.stringify(READ_REQUEST)})\n`)
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
 * Where the time goes: CPU profiles of the gateway under load and of the function's cold
 * start, attributed to the packages that spend it.
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

Node's HTTP server and client, with the socket system calls under them (\`native\`), take
most of it: every request is two HTTP exchanges on one thread, the client's with the gateway
and the gateway's with the engine. SigV4 signing (\`@smithy/signature-v4\`: hashing the body
and the canonical request, then one HMAC with the kept key) is the largest single part left;
this project's own code (routing, the codec, the DynamoDB client's framing) is a small share.
The SDK client's middleware stack and schema-driven (de)serialisers, the largest part before
src/dynamodb/client.ts replaced them with DynamoDB's JSON protocol, are gone from the
profile; the DocumentClient ceiling still pays them, which is why the gateway, doing more
work per request, now serves more requests than it.

### The function's cold start

\`node --cpu-prof\` over ${COLD_RUNS} runs of an unminified build of the function, made with the CDK
app's bundling settings, each loading it and serving one read; per package. \`node:internal\`
is node's own start-up (a bare \`node -e ""\` spends most of it) and its module loader.

${coldStart}

Node's own start-up (\`node:internal\`) is most of it; the bundle's parsing and evaluation,
and the first request's socket and signing, are a few milliseconds each. Neither the SDK
client (its command schemas, endpoint rules and middleware) nor a schema library is in the
bundle: DynamoDB is called through src/dynamodb/client.ts, the request validators are
compiled ahead of time (src/core/schema/validators.generated.js), and on Lambda the
credentials come from the environment alone.
`,
    targets: [],
    skipped: [],
  }
}

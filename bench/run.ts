/**
 * `npm run bench`: the project's performance record. One run measures every comparison,
 * interleaving the systems compared (A B A B) over several rounds, and rewrites
 * docs/benchmarks.md with medians, ratios and the targets they meet or miss. It installs
 * the tools it needs where missing (wrk, Debian's python3-boto3, serverless and
 * serverless-offline) and says what it skipped and why. Load goes to 127.0.0.1 only, and
 * every phase is bounded in time.
 *
 * Settings: BENCH_SECONDS (per run, default 5), BENCH_ROUNDS (default 5, at least 3: a
 * median of five per-round ratios holds still on a shared two-core machine),
 * BENCH_ONLY (comma-separated sections: handler, http, cold-start, ready, scale, profiles,
 * observability, import),
 * BENCH_COMPARE_REF (a git revision whose function bundle the cold start is compared with).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { synthesizeFunctionBundle } from '../test/support/function-bundle.js'
import { startLocalStackProcess } from '../test/support/local-stack-process.js'
import { type BenchContext, seedReadItem } from './context.js'
import { loadGenerator } from './load.js'
import { describeMachine, packageVersion } from './machine.js'
import { formatTargetValue, isMet, type SectionResult, table } from './report.js'
import { coldStartSection } from './sections/cold-start.js'
import { handlerSection } from './sections/handler.js'
import { httpSection } from './sections/http.js'
import { importSection } from './sections/import.js'
import { observabilitySection } from './sections/observability.js'
import { profilesSection } from './sections/profiles.js'
import { readySection } from './sections/ready.js'
import { scaleSection } from './sections/scale.js'
import {
  DEBIAN_PYTHON,
  debianBoto3Version,
  ensureDebianPackage,
  ensureServerlessOffline,
  hasCommand,
  SERVERLESS_VERSIONS,
} from './tools.js'

const SECTIONS = {
  handler: handlerSection,
  http: httpSection,
  'cold-start': coldStartSection,
  ready: readySection,
  scale: scaleSection,
  profiles: profilesSection,
  observability: observabilitySection,
  import: importSection,
} as const

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const rounds = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 5))
const only = (process.env.BENCH_ONLY ?? Object.keys(SECTIONS).join(','))
  .split(',')
  .map((name) => name.trim()) as Array<keyof typeof SECTIONS>
const BASELINE_DIR = fileURLToPath(new URL('../../shared/baseline/', import.meta.url))

/** The first line a command prints about its version (wrk prints it, then exits 1). */
function commandVersion(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.error) return 'not installed'
  return `${result.stdout}${result.stderr}`.trim().split('\n')[0] ?? 'unknown'
}

async function main(): Promise<void> {
  console.log(
    `serverless-lab benchmarks: ${rounds} rounds, ${seconds} s per run; sections: ${only.join(', ')}`,
  )
  const skipped: string[] = []
  const wrkMissing = ensureDebianPackage('wrk', () => hasCommand('wrk'))
  if (wrkMissing) skipped.push(`wrk: ${wrkMissing}; autocannon generates the load instead`)
  const serverlessOfflineUnavailable = only.some((name) => name === 'http' || name === 'ready')
    ? await ensureServerlessOffline()
    : 'not needed by the sections run'
  console.log('synthesizing the CDK app for its function bundle…')
  const bundle = synthesizeFunctionBundle()
  const stack = await startLocalStackProcess({
    env: { DATA_DIR: ':memory:', POWERTOOLS_LOG_LEVEL: 'WARN' },
  })
  await seedReadItem(stack)
  const context: BenchContext = {
    seconds,
    rounds,
    connections: 32,
    stack,
    bundle,
    baselineDir: existsSync(join(BASELINE_DIR, 'lambda_function.py')) ? BASELINE_DIR : undefined,
    serverlessOfflineUnavailable,
  }
  const results: SectionResult[] = []
  try {
    for (const name of only) {
      console.log(`\n== ${name}`)
      results.push(await SECTIONS[name](context))
    }
  } finally {
    await stack.stop('SIGTERM')
    bundle.remove()
  }
  skipped.push(...results.flatMap((result) => result.skipped))

  const targets = results.flatMap((result) => result.targets)
  const report = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}; every figure below
comes from that one run. Systems compared run interleaved (A B A B), ${rounds} rounds of ${seconds} s,
and ratios are medians of the per-round ratios. Load goes to 127.0.0.1 only.

## Targets

${table(
  ['target', 'measured', 'bound', 'verdict'],
  targets.map((target) => [
    target.name,
    formatTargetValue(target),
    `${target.atMost ? '≤' : '≥'} ${formatTargetValue(target, target.bound)}`,
    isMet(target) ? 'met' : '**missed**',
  ]),
)}

${results.map((result) => `## ${result.title}\n\n${result.markdown}`).join('\n\n')}

## Skipped

${skipped.length === 0 ? 'Nothing.' : skipped.map((reason) => `- ${reason}`).join('\n')}

## Machine and versions

${[
  ...describeMachine(),
  `load generator: ${loadGenerator() === 'wrk' ? commandVersion('wrk', ['--version']) : `autocannon ${packageVersion('autocannon')}`}`,
  `the handler's DynamoDB client: @smithy/signature-v4 ${packageVersion('@smithy/signature-v4')}, @smithy/core ${packageVersion('@smithy/core')} (retries); validators compiled by ajv ${packageVersion('ajv')}`,
  `the DocumentClient ceiling: @aws-sdk/client-dynamodb ${packageVersion('@aws-sdk/client-dynamodb')}, @aws-sdk/lib-dynamodb ${packageVersion('@aws-sdk/lib-dynamodb')}; dynalite ${packageVersion('dynalite')}, esbuild ${packageVersion('esbuild')}`,
  `serverless ${SERVERLESS_VERSIONS.serverless}, serverless-offline ${SERVERLESS_VERSIONS['serverless-offline']} (installed into bench/.tools)`,
  `Python: ${commandVersion(DEBIAN_PYTHON, ['--version'])}, boto3 ${debianBoto3Version() ?? 'not installed'} (Debian's python3-boto3)`,
]
  .map((line) => `- ${line}`)
  .join('\n')}

## How to reproduce

\`\`\`sh
npm ci
npm run bench                                  # everything, about 9 minutes on 2 cores
BENCH_ONLY=http,cold-start npm run bench       # some sections
BENCH_SECONDS=10 BENCH_ROUNDS=7 npm run bench  # longer runs
BENCH_COMPARE_REF=main npm run bench           # cold start phases beside another revision's bundle
\`\`\`

A partial run (BENCH_ONLY) rewrites this file with only its sections.
`
  await writeFile(new URL('../docs/benchmarks.md', import.meta.url), report)
  console.log('\n== targets')
  for (const target of targets)
    console.log(
      `${isMet(target) ? 'met   ' : 'MISSED'} ${target.name}: ${formatTargetValue(target)}`,
    )
  if (skipped.length > 0)
    console.log(`\nskipped:\n${skipped.map((reason) => `- ${reason}`).join('\n')}`)
  console.log('\nwrote docs/benchmarks.md')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

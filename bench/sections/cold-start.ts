import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { floorScript } from '../cold-start-floor.js'
import { bundleOfRevision, measureColdStartPhases, type TimedBundle } from '../cold-start-phases.js'
import { type BenchContext, READ_REQUEST } from '../context.js'
import { type StartCommand, timeStartsInTurns } from '../interleaved-starts.js'
import { lambdaEnvironment, startStandInDaemon } from '../lambda-environment.js'
import { type SectionResult, table } from '../report.js'
import { round } from '../stats.js'
import { DEBIAN_PYTHON, ensureDebianBoto3 } from '../tools.js'

/**
 * Cold start of the deployable bundle: node loading it and serving a first request (a
 * read against the engine), against a bare node start and against Python importing boto3
 * and building a resource, and against the floor: the same read with no code of ours. The
 * commands take turns run by run (interleaved-starts.ts).
 */
export async function coldStartSection(context: BenchContext): Promise<SectionResult> {
  const skipped: string[] = []
  const sizes = table(
    ['bundle', 'bytes'],
    [
      ['minified', context.bundle.bytes],
      ['gzip', context.bundle.gzipBytes],
    ],
  )
  const directory = await mkdtemp(join(tmpdir(), 'bench-cold-'))
  // As Lambda's Node.js runtime loads a handler: require() for CommonJS (.js without
  // "type": "module", .cjs), import() for ES modules. import() of a large CommonJS file
  // would add a scan of its source for exports that Lambda never pays.
  const esm = context.bundle.file.endsWith('.mjs')
  const bundleUrl = pathToFileURL(context.bundle.file).href
  const load = esm ? `import('${bundleUrl}')` : `require('${context.bundle.file}')`
  /** A script that loads the bundle and serves a first read, `env` set first as Lambda sets it before the init phase. */
  const firstRequestScript = async (name: string, env: NodeJS.ProcessEnv = {}) => {
    const file = join(directory, `${name}.${esm ? 'mjs' : 'cjs'}`)
    const prelude = `Object.assign(process.env, ${JSON.stringify(env)})\n`
    await writeFile(
      file,
      prelude +
        (esm
          ? `const { handler } = await import(${JSON.stringify(bundleUrl)})\nawait handler(${JSON.stringify(READ_REQUEST)})\n`
          : `require(${JSON.stringify(context.bundle.file)}).handler(${JSON.stringify(READ_REQUEST)}).catch((error) => { console.error(error); process.exit(1) })\n`),
    )
    return file
  }
  const firstRequest = await firstRequestScript('first-request')
  // Traced as on Lambda with active tracing, the first invocation sampled (as Lambda samples
  // the first request of each second), its metrics written: the function as deployed.
  const daemon = await startStandInDaemon()
  const observed = await firstRequestScript(
    'first-request-observed',
    lambdaEnvironment(context.bundle.file, { address: daemon.address, sampled: true }),
  )
  const endpoint = context.stack.dynamoDbEndpoint.href
  const floor = join(directory, 'floor.cjs')
  await writeFile(floor, floorScript(context.bundle.file, endpoint))
  // node as Lambda runs it: with the function's NODE_OPTIONS, for every node command alike.
  const nodeOptions = context.bundle.nodeOptions.split(' ').filter((option) => option !== '')
  const node = (label: string, ...args: string[]): StartCommand => ({
    label,
    file: process.execPath,
    args: [...nodeOptions, ...args],
  })
  const commands: StartCommand[] = [
    node('node, bare (`node -e ""`)', '-e', ''),
    node('node, loading the bundle', '-e', load),
    node('node, loading the bundle and serving a first read', firstRequest),
    node("the same with Lambda's environment, traced (sampled) and its metrics written", observed),
    node(
      "the floor: the same read with no code of ours (the bundle's builtins, one unsigned POST over node:http)",
      floor,
    ),
  ]
  const boto3 = ensureDebianBoto3()
  if ('missing' in boto3) skipped.push(`Python and boto3 cold start: ${boto3.missing}`)
  else {
    commands.push({
      label: `Python ${DEBIAN_PYTHON}: import boto3, build a resource`,
      file: DEBIAN_PYTHON,
      args: [
        '-c',
        `import boto3; boto3.resource('dynamodb', endpoint_url='${endpoint}', region_name='us-east-1')`,
      ],
    })
  }
  const runs = Math.max(20, context.rounds * 6)
  // Every command, bare node included, starts as in Lambda's Node.js 20+ runtimes, which set
  // no NODE_EXTRA_CA_CERTS (Node 18's did): a machine that sets it, as this one does, makes
  // every node start read and parse its certificates (tens of milliseconds of each start).
  const { NODE_EXTRA_CA_CERTS: _notSetByLambda, ...inherited } = process.env
  const env = {
    ...inherited,
    DYNAMODB_ENDPOINT: endpoint,
    POWERTOOLS_LOG_LEVEL: 'WARN',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
  try {
    const times = await timeStartsInTurns(commands, { rounds: runs, warmups: 3, env })
    const rows = times.map(({ label, medianMs, overFirstMs }, index) => [
      label,
      round(medianMs, 1),
      index === 0 ? '' : `+${round(overFirstMs, 1)}`,
    ])
    const added = times[2]?.overFirstMs ?? Number.NaN
    const addedObserved = times[3]?.overFirstMs ?? Number.NaN
    const phases = esm
      ? 'Init and first request: not measured for an ES module bundle.'
      : await phasesMarkdown(context, { runs, env })
    return {
      title: 'Cold start',
      markdown: `The function's code as the CDK app ships it (a stack synthesized with bundling on, its asset
taken as is), run by node with the function's NODE_OPTIONS (\`${context.bundle.nodeOptions || 'none'}\`):

${sizes}

${runs} runs of each command after 3 warm-ups, the commands taking turns (one run of each per
round, in an order rotated each round), each timed from spawn to exit. "Over bare node" is
the median of each round's difference to that round's bare node start, which leaves out the
machine's drift from round to round.

${table(['command', 'median ms', 'over bare node, ms'], rows)}

${phases}`,
      targets: [
        {
          name: 'bundle load + first request over a bare node start',
          value: added,
          bound: 40,
          atMost: true,
          unit: 'ms',
        },
        {
          name: 'bundle load + first request, traced and metrics on, over a bare node start',
          value: addedObserved,
          bound: 40,
          atMost: true,
          unit: 'ms',
        },
      ],
      skipped,
    }
  } finally {
    daemon.close()
    await rm(directory, { recursive: true, force: true })
  }
}

/**
 * The two phases of a cold start, timed inside the process: what runs when Lambda loads the
 * module (its init phase) and the first invocation. With BENCH_COMPARE_REF, another
 * revision's bundle is timed beside this one, run by run: a before/after in one run.
 */
async function phasesMarkdown(
  context: BenchContext,
  { runs, env }: { runs: number; env: NodeJS.ProcessEnv },
): Promise<string> {
  const revision = process.env.BENCH_COMPARE_REF
  const compared =
    revision === undefined
      ? undefined
      : await bundleOfRevision(revision).catch((error: Error) => {
          console.warn(`BENCH_COMPARE_REF=${revision}: not compared: ${error.message}`)
          return undefined
        })
  try {
    const bundles: TimedBundle[] = [
      ...(compared === undefined ? [] : [compared.bundle]),
      {
        label: compared === undefined ? 'this revision' : 'this revision (after)',
        file: context.bundle.file,
      },
    ]
    const phases = await measureColdStartPhases(bundles, {
      runs,
      env,
      nodeOptions: context.bundle.nodeOptions,
    })
    const rows = phases.map(({ label, initMs, firstRequestMs }) => [
      label,
      round(initMs, 1),
      round(firstRequestMs, 1),
      round(initMs + firstRequestMs, 1),
    ])
    return `### Init and first request

Each phase timed inside a fresh node process, the median of ${runs}${compared === undefined ? '' : ', the bundles taking turns'}: loading the module,
which Lambda does in its init phase, and the first invocation (a read). Lambda runs the init
phase with a whole CPU whatever the function's memory, and an invocation with a share in
proportion to it (a 256 MB function gets about a seventh of a core), so work done at load
costs the first caller less than the same work done in the first invocation.${revision === undefined ? '' : compared === undefined ? ` \`BENCH_COMPARE_REF=${revision}\` could not be compared (see the run's output).` : ` Compared with \`BENCH_COMPARE_REF=${revision}\`.`}

${table(['bundle', 'init (module load), ms', 'first request, ms', 'both, ms'], rows)}`
  } finally {
    await compared?.remove()
  }
}

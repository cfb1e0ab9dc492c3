/**
 * Where the function's cold start goes, in instructions rather than milliseconds: each step
 * of a cold start (node itself, the builtins the bundle loads, the floor of a read, the
 * bundle's load, the first read, the same traced with its metrics) run under valgrind's
 * callgrind, which counts the instructions the process executes. Unlike a time, the count
 * hardly moves with what else the machine runs (the runs differ by a few million, from
 * garbage collection), so two bundles can be compared on a busy machine. docs/performance.md says how the counts read.
 *
 *   node --import tsx bench/cold-start-instructions.ts [revision ...]
 *
 * Each revision named (e.g. 4b9e9de^) has its bundle counted beside this checkout's. Needs
 * valgrind (apt-get install valgrind); takes about ten seconds per run on two cores.
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { startTestEngine } from '../test/support/embedded-engine.js'
import { synthesizeFunctionBundle } from '../test/support/function-bundle.js'
import { builtinsOf } from './bundle-builtins.js'
import { floorScript } from './cold-start-floor.js'
import { bundleOfRevision } from './cold-start-phases.js'
import { READ_KEY, READ_REQUEST } from './context.js'
import { lambdaEnvironment, startStandInDaemon } from './lambda-environment.js'
import { table } from './report.js'
import { median } from './stats.js'
import { ensureDebianPackage, hasCommand } from './tools.js'

const RUNS = 3
const execFileAsync = promisify(execFile)

/**
 * The instructions (millions) of one node command under callgrind, the median of RUNS. Run
 * asynchronously: the engine the first read reads from serves from this process.
 */
async function instructions(script: string, env: NodeJS.ProcessEnv): Promise<number> {
  const counts: number[] = []
  for (let run = 0; run < RUNS; run += 1) {
    const args = [
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      '--smc-check=all-non-file',
      process.execPath,
      script,
    ]
    const { stderr } = await execFileAsync('valgrind', args, { env, maxBuffer: 16 * 1024 * 1024 })
    const collected = /Collected : (\d+)/.exec(stderr)?.[1]
    if (collected === undefined) throw new Error(`valgrind counted nothing: ${stderr.slice(-500)}`)
    counts.push(Number(collected) / 1e6)
  }
  return median(counts)
}

async function main(): Promise<void> {
  const missing = ensureDebianPackage('valgrind', () => hasCommand('valgrind'))
  if (missing) throw new Error(missing)
  const engine = await startTestEngine()
  const daemon = await startStandInDaemon()
  const directory = mkdtempSync(join(tmpdir(), 'cold-instructions-'))
  const compared = await Promise.all(
    process.argv.slice(2).map((revision) => bundleOfRevision(revision)),
  )
  try {
    // The item every first read reads.
    await engine.client.send(
      new PutItemCommand({
        TableName: 'lambda-apigateway',
        Item: { id: { S: READ_KEY.id }, name: { S: 'Bob' } },
      }),
    )
    // As Lambda's Node.js 20+ runtimes start the function: no NODE_EXTRA_CA_CERTS.
    const { NODE_EXTRA_CA_CERTS: _notSetByLambda, ...inherited } = process.env
    const env = {
      ...inherited,
      DYNAMODB_ENDPOINT: engine.endpoint.href,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    }
    const script = (name: string, body: string) => {
      const file = join(directory, `${name}.cjs`)
      writeFileSync(file, body)
      return file
    }
    const withEnv = (extra: NodeJS.ProcessEnv) =>
      `Object.assign(process.env, ${JSON.stringify(extra)})\n`
    const firstRead = (file: string, extra: NodeJS.ProcessEnv = {}) =>
      `${withEnv(extra)}require(${JSON.stringify(file)}).handler(${JSON.stringify(READ_REQUEST)}).catch((error) => { console.error(error); process.exit(1) })\n`
    const current = synthesizeFunctionBundle()
    const traced = (file: string) =>
      lambdaEnvironment(file, { address: daemon.address, sampled: true })
    const rows: Array<[string, number]> = [
      ['node, bare', await instructions(script('bare', ''), env)],
      [
        `node, requiring the builtins the bundle loads (${builtinsOf(current.file).join(', ')})`,
        await instructions(
          script(
            'builtins',
            builtinsOf(current.file)
              .map((name) => `require('${name}')\n`)
              .join(''),
          ),
          env,
        ),
      ],
      [
        'the floor: the same builtins and one unsigned GetItem over node:http, no code of ours',
        await instructions(script('floor', floorScript(current.file, engine.endpoint.href)), env),
      ],
      [
        'node, loading the bundle',
        await instructions(script('load', `require(${JSON.stringify(current.file)})\n`), env),
      ],
      [
        'the same and serving a first read',
        await instructions(script('first', firstRead(current.file)), env),
      ],
      [
        "the same with Lambda's environment, traced (sampled) and its metrics written",
        await instructions(script('traced', firstRead(current.file, traced(current.file))), env),
      ],
    ]
    for (const [index, other] of compared.entries()) {
      const { file, label } = other.bundle
      rows.push([
        `${label}: first read`,
        await instructions(script(`first-${index}`, firstRead(file)), env),
      ])
      rows.push([
        `${label}: first read, traced and its metrics written`,
        await instructions(script(`traced-${index}`, firstRead(file, traced(file))), env),
      ])
    }
    const bare = rows[0]?.[1] ?? Number.NaN
    console.log(
      table(
        ['command', 'instructions, millions', 'over bare node'],
        rows.map(([label, count]) => [
          label,
          count.toFixed(1),
          label === 'node, bare' ? '' : `+${(count - bare).toFixed(1)}`,
        ]),
      ),
    )
    console.log(
      `\nMedians of ${RUNS} runs each; node ${process.version}, ${execFileSync('valgrind', ['--version'], { encoding: 'utf8' }).trim()}.`,
    )
  } finally {
    daemon.close()
    await engine.stop()
    await Promise.all(compared.map((each) => each.remove()))
    rmSync(directory, { recursive: true, force: true })
  }
}

await main()

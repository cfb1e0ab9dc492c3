import { execFile, execFileSync, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandNameOf } from '../../src/cli/commands/operation.js'
import { payloadFlags } from '../../src/cli/payload-flags.js'
import { commands } from '../../src/cli/run.js'
import { operationsWithStrictPayload } from '../../src/core/schema/payloads.js'
import { TABLE } from '../../src/table/definition.js'
import { afterTest } from '../support/after-test.js'
import { closedPortUrl, startCaptureServer } from '../support/capture-server.js'
import { runCliInProcess } from '../support/cli-io.js'
import { type LocalStackProcess, startLocalStackProcess } from '../support/local-stack-process.js'

const PROJECT_ROOT = new URL('../../', import.meta.url).pathname
/** A CLI process the test waits for is killed past this, so that a hung one cannot outlive its test. */
const CLI_TIMEOUT_MS = 20_000

describe('the serverless-lab CLI, against the local stack', () => {
  let stack: LocalStackProcess
  let folder: string
  let cli: (
    args: readonly string[],
    options?: Parameters<typeof runCliInProcess>[1],
  ) => ReturnType<typeof runCliInProcess>

  beforeAll(async () => {
    stack = await startLocalStackProcess()
    folder = await mkdtemp(join(tmpdir(), 'serverless-lab-cli-'))
    cli = (args, options) => runCliInProcess([...args, '--url', stack.url.href], options)
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
    await rm(folder, { recursive: true, force: true })
  })

  it.each(commands.map((command) => command.name))('%s --help says how to use it', async (name) => {
    // Act
    const { code, stdout } = await runCliInProcess([name, '--help'])

    // Assess
    expect(code).toBe(0)
    expect(stdout).toContain(`Usage: serverless-lab ${name}`)
    expect(stdout).toContain('--url URL')
    expect(stdout).toMatch(/Exit status: 0 /)
  })

  it.each(operationsWithStrictPayload)(
    '%s offers one flag per key of its payload schema',
    async (name) => {
      // Act
      const { stdout } = await runCliInProcess([commandNameOf(name), '--help'])

      // Assess
      for (const { flag } of payloadFlags(name)) expect(stdout).toContain(`--${flag}`)
    },
  )

  it('writes with flags and reads from standard input, every digit kept', async () => {
    // Act
    const created = await cli([
      'create',
      '--item',
      '{"id": "cli-1", "big": 12345678901234567890, "pi": 3.14159265358979323846264338327950288}',
    ])
    const read = await cli(['read'], { stdin: '{"Key": {"id": "cli-1"}}' })

    // Assess
    expect(created).toMatchObject({ code: 0, stdout: '{}\n', stderr: '' })
    expect(read.code).toBe(0)
    expect(read.stdout).toContain('"big": 12345678901234567890')
    expect(read.stdout).toContain('"pi": 3.14159265358979323846264338327950288')
  })

  it.each([
    {
      what: 'a key with no item (404)',
      args: ['read', '--key', '{"id": "none"}'],
      code: 1,
      says: /An error occurred \(ItemNotFound, HTTP 404\) when calling the read operation: No item/,
    },
    {
      what: 'a payload key the API refuses (400)',
      args: ['list', '--payload', '{"Nope": 1}'],
      code: 1,
      says: /UnknownPayloadKey, HTTP 400/,
    },
    {
      what: 'an unknown flag',
      args: ['read', '--kee', '{}'],
      code: 1,
      says: /Unknown option '--kee'[\s\S]*serverless-lab read --help/,
    },
    { what: 'a missing required flag', args: ['update'], code: 1, says: /update needs --key/ },
    {
      what: 'a flag value that is not JSON',
      args: ['read', '--key', '{id: 1}'],
      code: 1,
      says: /--key is not valid JSON/,
    },
    { what: 'an unknown command', args: ['scan'], code: 1, says: /unknown command "scan"/ },
  ])('exits $code for $what, saying so on standard error', async ({ args, code, says }) => {
    // Act
    const run = await cli(args)

    // Assess
    expect(run.code).toBe(code)
    expect(run.stderr).toMatch(says)
    expect(run.stdout).toBe('')
  })

  it('takes the connection options before the command too, as the AWS CLI does', async () => {
    // Act
    const created = await runCliInProcess([
      `--url=${stack.url.href}`,
      'create',
      '--item',
      '{"id": "cli-leading", "n": 1}',
    ])
    const read = await runCliInProcess([
      '--url',
      stack.url.href,
      '--table',
      'lambda-apigateway',
      'read',
      '--key',
      '{"id": "cli-leading"}',
    ])

    // Assess
    expect(created).toMatchObject({ code: 0, stdout: '{}\n', stderr: '' })
    expect(read).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(read.stdout)).toEqual({ Item: { id: 'cli-leading', n: 1 } })
  })

  it.each([
    { what: 'an API that is not there', answer: undefined },
    {
      what: 'a 500 answer',
      answer: { status: 500, body: '{"code":"InternalError","message":"x","requestId":"r"}' },
    },
    { what: 'a 503 answer', answer: { status: 503, body: '{"message":"Service Unavailable"}' } },
  ])('exits 2, a server error, for $what', async ({ answer }) => {
    // Prepare
    const server = answer === undefined ? undefined : await startCaptureServer(answer)
    afterTest(() => server?.close())
    const url = server?.url ?? (await closedPortUrl())

    // Act
    const run = await runCliInProcess(['ping', '--url', url.href])

    // Assess
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /An error occurred \((NetworkError|InternalError|ServiceUnavailable), /,
    )
  })

  it('lists every page by default, and pages with --max-items and --starting-token', async () => {
    // Prepare
    const ids = Array.from({ length: 9 }, (_, index) => `paged-${index}`)
    for (const id of ids) await cli(['create', '--item', JSON.stringify({ id })])
    const filter = [
      '--filter-expression',
      'begins_with(id, :p)',
      '--expression-attribute-values',
      '{":p": "paged-"}',
      '--limit',
      '4',
    ]

    // Act
    const all = JSON.parse((await cli(['list', ...filter])).stdout)
    const seen: string[] = []
    let token: string | undefined
    let calls = 0
    do {
      const run = await cli([
        'list',
        ...filter,
        '--max-items',
        '2',
        ...(token ? ['--starting-token', token] : []),
      ])
      const page = JSON.parse(run.stdout) as { Items: { id: string }[]; NextToken?: string }
      seen.push(...page.Items.map((item) => item.id))
      token = page.NextToken
      calls++
    } while (token !== undefined && calls < 20)
    const onePage = JSON.parse((await cli(['list', ...filter, '--no-paginate'])).stdout)

    // Assess
    expect(all.Items.map((item: { id: string }) => item.id).sort()).toEqual(ids)
    expect(all.Count).toBe(9)
    expect(seen.sort()).toEqual(ids)
    expect(calls).toBe(5)
    expect(onePage.LastEvaluatedKey).toBeDefined()
  })

  it('imports JSON lines in batches, reports refused lines, and resumes with --skip', async () => {
    // Prepare
    const file = join(folder, 'import.jsonl')
    const lines = Array.from({ length: 10 }, (_, index) =>
      JSON.stringify({ id: `imported-${index}`, n: index }),
    )
    lines.splice(3, 0, '', 'not json', '["an array"]')
    await writeFile(file, `${lines.join('\n')}\n`)

    // Act: the table named, which an API without the tables operation cannot tell.
    const table = ['--table', TABLE.tableName]
    const interrupted = await cli(['import', file, '--batch-size', '4', ...table], {
      interrupted: true,
    })
    const resumed = await cli(['import', file, '--batch-size', '4', '--skip', '5', ...table])
    const listed = JSON.parse(
      (
        await cli([
          'list',
          '--filter-expression',
          'begins_with(id, :p)',
          '--expression-attribute-values',
          '{":p": "imported-"}',
        ])
      ).stdout,
    )

    // Assess
    expect(interrupted.code).toBe(130)
    // The first batch is lines 1, 2, 3 and 5: the blank line 4 is no item.
    expect(JSON.parse(interrupted.stdout)).toEqual({
      imported: 3,
      failed: 1,
      skipped: 0,
      lastLine: 5,
      resume: '--skip 5',
    })
    expect(interrupted.stderr).toMatch(/line 5: the line is not valid JSON/)
    expect(interrupted.stderr).toMatch(/resume with --skip 5/)
    expect(resumed.code).toBe(1)
    expect(resumed.stderr).toMatch(/line 6: the line is not a JSON object/)
    expect(JSON.parse(resumed.stdout)).toEqual({ imported: 7, failed: 1, skipped: 5, lastLine: 13 })
    expect(listed.Count).toBe(10)
  })

  it('exports to JSON lines that import reads back, and resumes from the checkpoint', async () => {
    // Prepare
    for (let index = 0; index < 7; index++)
      await cli(['create', '--item', JSON.stringify({ id: `exported-${index}`, n: index })])
    await cli(['create', '--item', '{"id": "exported-big", "n": 98765432109876543210987654321}'])
    const output = join(folder, 'export.jsonl')
    const scan = [
      '--filter-expression',
      'begins_with(id, :p)',
      '--expression-attribute-values',
      '{":p": "exported-"}',
      '--limit',
      '3',
    ]

    // Act
    const stopped = await cli(['export', '--output', output, ...scan], { interrupted: true })
    const afterStop = await readFile(output, 'utf8')
    const resumed = await cli(['export', '--output', output, '--resume', ...scan])
    const exported = (await readFile(output, 'utf8')).trimEnd().split('\n')
    const toStdout = await cli(['export', ...scan])

    // Assess
    expect(stopped.code).toBe(130)
    expect(stopped.stderr).toMatch(/--resume/)
    expect(afterStop.length).toBeLessThan(exported.join('\n').length)
    expect(resumed.code).toBe(0)
    expect(exported).toHaveLength(8)
    expect(new Set(exported).size).toBe(8)
    expect(exported).toContain('{"id":"exported-big","n":98765432109876543210987654321}')
    await expect(readFile(`${output}.checkpoint`)).rejects.toThrow()
    expect(toStdout.stdout.trimEnd().split('\n').sort()).toEqual([...exported].sort())
    expect(toStdout.stderr).toMatch(/Exported 8 items in \d+ pages to standard output/)
  })

  it('leaves standard input alone when flags give the payload, or the operation takes none', async () => {
    // Prepare
    await cli(['create', '--item', '{"id": "loop-1"}'])

    // Act: in a while-read loop each command must read its key from its flags, not the loop's
    // input; ping under a pipe that never closes must not wait on it.
    const run = promisify(execFile)
    const cliCommand = `node --import tsx src/cli/main.ts`
    const loop = await run(
      'sh',
      [
        '-c',
        `printf 'loop-1\\nnone\\n' | while read id; do ${cliCommand} read --key "{\\"id\\":\\"$id\\"}" --url ${stack.url.href}; echo "exit $?"; done`,
      ],
      { cwd: PROJECT_ROOT, timeout: CLI_TIMEOUT_MS },
    )
    // A FIFO held open for writing, never written to: an input that neither ends nor speaks.
    const fifoFolder = await mkdtemp(join(tmpdir(), 'cli-fifo-'))
    afterTest(() => rm(fifoFolder, { recursive: true, force: true }))
    const fifo = join(fifoFolder, 'input')
    execFileSync('mkfifo', [fifo])
    const idleInput = openSync(fifo, 'r+')
    afterTest(() => closeSync(idleInput))
    const pinging = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'ping', '--url', stack.url.href],
      {
        cwd: PROJECT_ROOT,
        stdio: [idleInput, 'pipe', 'ignore'],
      },
    )
    afterTest(() => pinging.kill('SIGKILL'))
    let pingOutput = ''
    pinging.stdout?.on('data', (chunk: Buffer) => {
      pingOutput += chunk.toString()
    })
    const pingExit = await new Promise<number | string | null>((resolve) => {
      const timer = setTimeout(() => {
        pinging.kill('SIGKILL')
        resolve('hung')
      }, 20_000)
      pinging.on('exit', (code) => {
        clearTimeout(timer)
        resolve(code)
      })
    })

    // Assess
    expect(loop.stdout).toMatch(/"id": "loop-1"[\s\S]*exit 0[\s\S]*exit 1/)
    expect({ exit: pingExit, output: pingOutput.trim() }).toEqual({ exit: 0, output: '"pong"' })
  })

  it('runs as a process: piped JSON in, JSON out, the exit status set', async () => {
    // Act: through a shell, so that standard input is a real pipe.
    const run = promisify(execFile)
    const { stdout } = await run(
      'sh',
      [
        '-c',
        `echo '{"operation": "x"}' | node --import tsx src/cli/main.ts echo --url ${stack.url.href}`,
      ],
      { cwd: PROJECT_ROOT, timeout: CLI_TIMEOUT_MS },
    )
    const failed = await run(
      'node',
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'read',
        '--key',
        '{"id": "none"}',
        '--url',
        stack.url.href,
      ],
      { cwd: PROJECT_ROOT, timeout: CLI_TIMEOUT_MS },
    ).catch((error: { code: number; stderr: string }) => error)

    // Assess
    expect(JSON.parse(stdout)).toEqual({ operation: 'x' })
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringMatching(/ItemNotFound/) })
  })
})

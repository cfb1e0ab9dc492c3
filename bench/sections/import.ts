import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import type { CliIo } from '../../src/cli/io.js'
import { runCli } from '../../src/cli/run.js'
import { type BenchContext, TABLE } from '../context.js'
import { pairedRatio, type SectionResult, table } from '../report.js'
import { worktreeOfRevision } from '../revision-worktree.js'
import { median, round } from '../stats.js'

/**
 * The last revision whose `import` sent one create request per line (before issue 14's
 * batchWrite): its CLI is the "before", loaded from a worktree of that revision.
 */
const BEFORE_BATCH_WRITE = '7fe322e'
const ITEMS = 10_000

type RunCli = typeof runCli

/**
 * Runs one revision's `serverless-lab import` in this process, as the tests do, and answers
 * its items per second. In-process, so that neither side pays for starting a process: what is
 * timed is the import itself, reading the file and sending it.
 */
async function importRate(cli: RunCli, file: string, context: BenchContext): Promise<number> {
  let stdout = ''
  const out = new PassThrough().on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  const io: CliIo = {
    stdout: out,
    stderr: new PassThrough().resume(),
    stdin: undefined,
    env: {},
    interrupted: new AbortController().signal,
  }
  const args = ['import', file, '--url', context.stack.url.href, '--table', TABLE]
  const started = performance.now()
  const code = await cli(args, io)
  const seconds = (performance.now() - started) / 1000
  const { imported } = JSON.parse(stdout) as { imported: number }
  if (code !== 0 || imported !== ITEMS)
    throw new Error(`import exited ${code} having imported ${imported} of ${ITEMS}`)
  return ITEMS / seconds
}

/** A JSON-lines file of ITEMS small items whose ids start with `prefix`. */
async function itemsFile(folder: string, prefix: string): Promise<string> {
  const lines = Array.from({ length: ITEMS }, (_, index) =>
    JSON.stringify({ id: `${prefix}-${index}`, name: `item ${index}`, n: index }),
  )
  const file = join(folder, `${prefix}.jsonl`)
  await writeFile(file, `${lines.join('\n')}\n`)
  return file
}

/**
 * `import` of 10,000 items, one create request per item (the CLI of BEFORE_BATCH_WRITE) and
 * 25 items per batchWrite request (this revision's), into the same local stack, interleaved.
 */
export async function importSection(context: BenchContext): Promise<SectionResult> {
  const before = await worktreeOfRevision(BEFORE_BATCH_WRITE)
  const folder = await mkdtemp(join(tmpdir(), 'bench-import-'))
  try {
    const beforeCli = ((await import(join(before.path, 'src/cli/run.ts'))) as { runCli: RunCli })
      .runCli
    const perItem: number[] = []
    const batched: number[] = []
    for (let round = 1; round <= context.rounds; round += 1) {
      // Items of their own each run: every run writes new items, none replaces another's.
      perItem.push(await importRate(beforeCli, await itemsFile(folder, `before-${round}`), context))
      batched.push(await importRate(runCli, await itemsFile(folder, `batched-${round}`), context))
      console.log(
        `  import round ${round}: one request per item ${Math.round(perItem.at(-1) ?? 0)}/s, batchWrite ${Math.round(batched.at(-1) ?? 0)}/s`,
      )
    }
    const ratio = pairedRatio(batched, perItem)
    const row = (name: string, rates: readonly number[]) => [
      name,
      round(median(rates)),
      rates.map((rate) => Math.round(rate)).join(', '),
    ]
    return {
      title: 'Import',
      markdown: `\`serverless-lab import\` of a file of ${ITEMS.toLocaleString('en')} small items into the local stack (in
memory), in-process, ${context.rounds} rounds, the two taking turns: the CLI of ${before.label}, which sent one
\`create\` request per item (25 at once), and this revision's, which sends 25 items per
\`batchWrite\` request, four requests in flight (its default).

${table(
  ['import', 'median items/s', 'all rounds, items/s'],
  [
    row(`one request per item (${before.label})`, perItem),
    row('batchWrite, 25 items a request', batched),
  ],
)}

batchWrite imports ${round(ratio, 1)}x as many items a second.`,
      targets: [
        {
          name: 'import items/s, batchWrite ÷ one request per item',
          value: ratio,
          bound: 5,
          unit: 'x',
        },
      ],
      skipped: [],
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
    await before.remove()
  }
}

import { waitFor200 } from '../../test/support/free-port.js'
import {
  gatewayUrlIn,
  spawnLocalStack,
  temporaryDataDir,
} from '../../test/support/local-stack-process.js'
import type { BenchContext } from '../context.js'
import { pairedRatio, type SectionResult, table } from '../report.js'
import { median, round } from '../stats.js'
import { startServerlessOffline } from '../systems/serverless-offline.js'

/** `npm start` until GET /health first answers 200, as a user would wait for it. */
async function npmStartToHealthy(): Promise<number> {
  // On disk, as by default, in a folder of its own: the first start creates the table.
  const data = await temporaryDataDir()
  const started = performance.now()
  const spawned = spawnLocalStack({ via: 'npm', env: { DATA_DIR: data.path } })
  try {
    while (performance.now() - started < 30_000) {
      const url = gatewayUrlIn(spawned.output())
      if (url) return await waitFor200(new URL('/health', url).href, started)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    throw new Error(`npm start did not print its URL:\n${spawned.output()}`)
  } finally {
    spawned.signal('SIGTERM')
    await spawned.exited
    await data.remove()
  }
}

/** Time to ready: `npm start` against serverless-offline's start, interleaved. */
export async function readySection(context: BenchContext): Promise<SectionResult> {
  const runs = Math.max(5, context.rounds)
  const ours: number[] = []
  const offline: number[] = []
  for (let run = 1; run <= runs; run += 1) {
    ours.push(await npmStartToHealthy())
    if (!context.serverlessOfflineUnavailable) {
      const started = await startServerlessOffline(
        'default',
        context.bundle.file,
        context.stack.dynamoDbEndpoint.href,
      )
      offline.push(started.readyMs)
      await started.stop()
    }
    console.log(
      `  ready run ${run}: npm start ${Math.round(ours.at(-1) ?? 0)} ms${offline.length ? `, serverless offline ${Math.round(offline.at(-1) ?? 0)} ms` : ''}`,
    )
  }
  const rows: Array<Array<string | number>> = [
    [
      '`npm start` → GET /health 200',
      round(median(ours)),
      ours.map((each) => Math.round(each)).join(', '),
    ],
  ]
  if (offline.length > 0) {
    rows.push([
      '`serverless offline start` → GET /Prod/health 200',
      round(median(offline)),
      offline.map((each) => Math.round(each)).join(', '),
    ])
  }
  return {
    title: 'Time to ready',
    markdown: `From spawning the command to the first 200 from its health route; \`npm start\` keeps its data on
disk in a new folder each run, so each run creates the table. ${runs} runs each, interleaved.

${table(['start', 'median ms', 'all runs, ms'], rows)}${offline.length > 0 ? `\n\nserverless-offline takes ${round(pairedRatio(offline, ours), 1)}x as long.` : ''}`,
    targets: [
      {
        name: '`npm start` healthy, ms',
        value: median(ours),
        bound: 2000,
        atMost: true,
        unit: 'ms',
      },
    ],
    skipped: context.serverlessOfflineUnavailable
      ? [`serverless-offline start: ${context.serverlessOfflineUnavailable}`]
      : [],
  }
}

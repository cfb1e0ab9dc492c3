/**
 * How long `npm run dev` takes to serve a change: it runs in a temporary copy of the project
 * and ping's answer in src/core/operations.ts is changed CHANGES times (default 10); each
 * time counts from the file's write to the first request answered by the new code. Prints
 * every time and the median (docs/getting-started.md quotes it).
 *
 *   node --import tsx bench/dev-reload.ts
 */
import {
  pingAnswer,
  startDevLoopCopy,
  waitForPing,
  withPing,
} from '../test/support/dev-loop-copy.js'
import { median } from './stats.js'

const OPERATIONS = 'src/core/operations.ts'
const changes = Number(process.env.CHANGES ?? 10)
/** Between two saves: a developer does not save twice in the same few milliseconds. */
const PAUSE_MS = 300

const copy = await startDevLoopCopy({ DATA_DIR: ':memory:' })
try {
  const original = await copy.readFile(OPERATIONS)
  const times: number[] = []
  for (let change = 1; change <= changes; change += 1) {
    const answer = `pong-${change}`
    const saved = performance.now()
    await copy.writeFile(OPERATIONS, withPing(original, answer))
    times.push(await waitForPing(copy.stack, answer, saved))
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
  }
  if ((await pingAnswer(copy.stack)) !== `pong-${changes}`)
    throw new Error('the last change was lost')
  console.log(`save → served, ms: ${times.map((ms) => Math.round(ms)).join(' ')}`)
  console.log(`median of ${changes} changes: ${Math.round(median(times))} ms`)
} finally {
  await copy.remove()
}

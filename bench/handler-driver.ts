/**
 * Drives the deployable bundle's handler in-process for a while, one invocation at a time
 * as Lambda does, with the same events as the Python baseline's driver.
 *
 * Usage: node --import tsx bench/handler-driver.ts BUNDLE SECONDS
 * (DYNAMODB_ENDPOINT in the environment). Prints one JSON line.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { TABLE } from '../src/table/definition.js'

const [bundle = '', secondsText = '5'] = process.argv.slice(2)
// Loaded as Lambda's Node.js runtime loads it: require() for CommonJS, import() for ESM.
const { handler } = (
  bundle.endsWith('.mjs')
    ? await import(pathToFileURL(bundle).href)
    : createRequire(import.meta.url)(bundle)
) as { handler: (event: unknown) => Promise<unknown> }
const seconds = Number(secondsText)

let invocations = 0
let errors = 0
const started = performance.now()
const deadline = started + seconds * 1000
while (performance.now() < deadline) {
  const id = `ts-${invocations}`
  for (const event of [
    { operation: 'create', tableName: TABLE.tableName, payload: { Item: { id, name: 'Bob' } } },
    { operation: 'read', tableName: TABLE.tableName, payload: { Key: { id } } },
  ]) {
    try {
      await handler(event)
    } catch {
      errors += 1
    }
    invocations += 1
  }
}
console.log(JSON.stringify({ invocations, seconds: (performance.now() - started) / 1000, errors }))

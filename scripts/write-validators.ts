/**
 * `npm run validators`: writes src/core/schema/validators.generated.js, the request
 * validators compiled ahead of time by Ajv from the TypeBox schemas (envelope.ts,
 * payloads.ts). The handler imports the compiled code, not a validator library: on Lambda,
 * loading and compiling a JSON Schema library was a third of the function's cold start
 * (docs/benchmarks.md). A test fails when the committed file differs from what this would
 * write, so run it after changing a schema.
 */
import { writeFile } from 'node:fs/promises'
import { validatorsModule } from './compile-validators.js'

const target = new URL('../src/core/schema/validators.generated.js', import.meta.url)
await writeFile(target, validatorsModule())
console.log(`wrote ${target.pathname}`)

/**
 * `npm run validators`: writes, from the TypeBox schemas (envelope.ts, payloads.ts,
 * results.ts), src/core/schema/validators.generated.js, the request validators compiled
 * ahead of time by Ajv, and src/core/schema/plain-schemas.generated.ts, the schemas as plain
 * JSON for the CLI and the client's types. The handler imports the compiled code, not a
 * validator library: on Lambda, loading and compiling a JSON Schema library was a third of
 * the function's cold start (docs/benchmarks.md); the published client and CLI load no
 * schema library either. Tests fail when a committed file differs from what this would
 * write, so run it after changing a schema.
 */
import { writeFile } from 'node:fs/promises'
import { validatorsModule } from './compile-validators.js'
import { plainSchemasModule } from './plain-schemas.js'

const outputs = [
  ['validators.generated.js', validatorsModule()],
  ['plain-schemas.generated.ts', plainSchemasModule()],
] as const
for (const [name, source] of outputs) {
  const target = new URL(`../src/core/schema/${name}`, import.meta.url)
  await writeFile(target, source)
  console.log(`wrote ${target.pathname}`)
}

/**
 * `npm run openapi`: writes docs/openapi.json from the schemas. A test fails when the
 * committed file differs from what this would write, so run it after changing a schema.
 */
import { writeFile } from 'node:fs/promises'
import { openApiJson } from '../src/openapi/document.js'

const target = new URL('../docs/openapi.json', import.meta.url)
await writeFile(target, openApiJson())
console.log(`wrote ${target.pathname}`)

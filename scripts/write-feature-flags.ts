/**
 * `npm run feature-flags`: sets cdk.json's feature flags to those the installed aws-cdk-lib
 * recommends (scripts/feature-flags.ts). Run it after upgrading aws-cdk-lib, then compare the
 * templates before and after (docs/deploy-settings.md#feature-flags): a test fails until it has run.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { flagProblems, withWantedFlags } from './feature-flags.js'

const target = new URL('../cdk.json', import.meta.url)
const cdkJson = JSON.parse(await readFile(target, 'utf8')) as { context?: Record<string, unknown> }
const changes = flagProblems(cdkJson.context ?? {})
cdkJson.context = withWantedFlags(cdkJson.context ?? {})
await writeFile(target, `${JSON.stringify(cdkJson, null, 2)}\n`)
console.log(`wrote ${target.pathname}: ${changes.length} flag(s) changed`)
for (const change of changes) console.log(`  ${change}`)

import { pathToFileURL } from 'node:url'
import { SettingsError } from '../settings/settings-reader.js'
import { loadPipelineRegions } from './pipeline-file.js'

/**
 * `node --import tsx infra/pipeline/print-regions.ts`: the pipeline file's regions as the
 * workflow's job outputs, `dev=REGION` and `production=["r1","r2"]` (a matrix), one a line,
 * for `>> "$GITHUB_OUTPUT"`. A malformed file is one line on stderr and exit status 1.
 */
export function regionOutputs(path?: string): string {
  const { dev, production } = loadPipelineRegions(path)
  return `dev=${dev}\nproduction=${JSON.stringify(production)}\n`
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(regionOutputs(process.argv[2]))
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exitCode = 1
  }
}

import { readFileSync } from 'node:fs'
import { isRecord } from '../../src/core/codec/json.js'
import { regionNameProblem } from '../constructs/prop-checks.js'
import { SettingsError } from '../settings/settings-reader.js'

/** Where the delivery pipeline's regions are: read by the workflow and by the deploy role's stack. */
export const PIPELINE_FILE = 'infra/pipeline.json'

/** The `env` setting of each stage of the pipeline: every name of its stacks carries it. */
export const PIPELINE_ENVS = { dev: 'dev', production: 'prod' } as const

/** The regions the delivery pipeline deploys to, in order. */
export interface PipelineRegions {
  /** Where `env=dev` is deployed and smoke-tested first. */
  readonly dev: string
  /** Where `env=prod` is deployed after approval, one region at a time, in this order. */
  readonly production: readonly string[]
}

const SHAPE = '{ "dev": { "region": "us-east-1" }, "production": { "regions": ["us-east-1", …] } }'

/**
 * Reads the pipeline file's JSON (SHAPE; a `"//"` key is a comment). Anything else, a
 * misspelt key included, is one line naming the file and the key.
 *
 * @example
 * readPipelineRegions('{"dev":{"region":"us-east-1"},"production":{"regions":["eu-west-1"]}}')
 * // → { dev: 'us-east-1', production: ['eu-west-1'] }
 */
export function readPipelineRegions(text: string, path = PIPELINE_FILE): PipelineRegions {
  const problem = (key: string, detail: string) => new SettingsError(`${path}: ${key}`, detail)
  let values: unknown
  try {
    values = JSON.parse(text)
  } catch (error) {
    throw problem('(file)', `is not valid JSON (${(error as Error).message}); expected ${SHAPE}.`)
  }
  const { dev, production } = isRecord(values) ? values : {}
  const unknown = isRecord(values)
    ? Object.keys(values).find((key) => !['//', 'dev', 'production'].includes(key))
    : undefined
  if (unknown !== undefined) throw problem(unknown, `is not a key of this file; expected ${SHAPE}.`)
  const devRegion = isRecord(dev) ? dev.region : undefined
  const regions = isRecord(production) ? production.regions : undefined
  if (typeof devRegion !== 'string') throw problem('dev.region', `expected a region; ${SHAPE}.`)
  if (
    !Array.isArray(regions) ||
    regions.length === 0 ||
    !regions.every((each) => typeof each === 'string') ||
    new Set(regions).size !== regions.length
  ) {
    throw problem('production.regions', `expected distinct regions, one or more; ${SHAPE}.`)
  }
  for (const [key, region] of [
    ['dev.region', devRegion],
    ...regions.map((each, index) => [`production.regions[${index}]`, each]),
  ]) {
    const wrong = regionNameProblem(region as string)
    if (wrong !== undefined) throw problem(key as string, wrong)
  }
  return { dev: devRegion, production: regions as string[] }
}

/**
 * The pipeline file's regions, read from `path` (relative to the project's root).
 *
 * @example
 * const { dev, production } = loadPipelineRegions()
 */
export function loadPipelineRegions(path = PIPELINE_FILE): PipelineRegions {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new SettingsError(path, `cannot be read (${(error as Error).message}).`)
  }
  return readPipelineRegions(text, path)
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadPipelineRegions, readPipelineRegions } from '../../../infra/pipeline/pipeline-file.js'
import { regionOutputs } from '../../../infra/pipeline/print-regions.js'
import { SettingsError } from '../../../infra/settings/settings-reader.js'

const folder = mkdtempSync(join(tmpdir(), 'pipeline-file-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('the pipeline file', () => {
  it("that the project ships names dev's region and production's, in order", () => {
    const { dev, production } = loadPipelineRegions()
    expect(dev).toMatch(/^[a-z]{2}-[a-z]+-\d$/)
    expect(production.length).toBeGreaterThan(0)
  })

  it('gives the workflow its job outputs: the dev region, and the production regions as a matrix', () => {
    const path = join(folder, 'pipeline.json')
    writeFileSync(
      path,
      JSON.stringify({
        '//': 'a note',
        dev: { region: 'eu-west-1' },
        production: { regions: ['eu-west-1', 'us-west-2'] },
      }),
    )

    expect(regionOutputs(path)).toBe('dev=eu-west-1\nproduction=["eu-west-1","us-west-2"]\n')
  })

  it.each([
    ['{', /^infra\/pipeline\.json: \(file\): is not valid JSON/],
    ['{"dev":{"region":"eu-west-1"}}', /^infra\/pipeline\.json: production\.regions: expected/],
    [
      '{"dev":{"region":"eu-west-1"},"production":{"regions":["eu-west-1","eu-west-1"]}}',
      /production\.regions: expected distinct regions/,
    ],
    ['{"production":{"regions":["eu-west-1"]}}', /dev\.region: expected a region/],
    [
      '{"dev":{"region":"eu-west-1"},"production":{"regions":["eu-west-1","Frankfurt"]}}',
      /production\.regions\[1\]: "Frankfurt" is not an AWS region name/,
    ],
    [
      '{"dev":{"region":"eu-west-1"},"prod":{"regions":["eu-west-1"]}}',
      /^infra\/pipeline\.json: prod: is not a key of this file/,
    ],
  ])('refuses %s in one line naming the key', (text, message) => {
    const read = () => readPipelineRegions(text)
    expect(read).toThrow(SettingsError)
    expect(read).toThrow(message)
    expect(() => read()).not.toThrow(/\n/)
  })

  it('names a file it cannot read', () => {
    expect(() => loadPipelineRegions(join(folder, 'missing.json'))).toThrow(
      /missing\.json: cannot be read/,
    )
  })
})

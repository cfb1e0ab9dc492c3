import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadLabSettings } from '../../infra/settings/lab-settings.js'
import { contextOf } from './settings/contexts.js'

/** The settings an example file gives the app, as `-c settingsFile=…` reads it: every key known. */
function settingsOf(file: string) {
  return loadLabSettings(contextOf({ settingsFile: file }))
}

describe('the example settings', () => {
  it('single region: nothing a new account refuses (no reservation, on-demand)', () => {
    const settings = settingsOf('infra/settings.example.json')

    expect(settings.variant).toBe('single')
    expect(settings.function.reservedConcurrentExecutions).toBeUndefined()
    expect(settings.table.billing).toBe('onDemand')
    expect(readFileSync('infra/settings.example.json', 'utf8')).not.toMatch(/REPLACE/)
  })

  it('multi-region: marks every value to replace, and says so', () => {
    const text = readFileSync('infra/settings.multi-region.example.json', 'utf8')
    const settings = settingsOf('infra/settings.multi-region.example.json')

    expect(settings.variant).toBe('multi')
    expect(settings.multiRegion?.hostedZoneId).toMatch(/REPLACE/)
    for (const arn of Object.values(settings.multiRegion?.certificateArns ?? {})) {
      expect(arn).toMatch(/REPLACE/)
    }
    expect(JSON.parse(text)['//']).toMatch(/Replace every value marked REPLACE/)
  })
})

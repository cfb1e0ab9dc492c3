import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { loadLabSettings } from '../../../infra/settings/lab-settings.js'
import { withSettingsFile } from '../../../infra/settings/settings-file.js'
import { contextOf, multiRegion } from './contexts.js'

/** A settings file holding `text`, removed when the test ends. */
function settingsFile(text: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'settings-'))
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
  const path = join(folder, 'settings.json')
  writeFileSync(path, text)
  return path
}

describe('withSettingsFile', () => {
  it('reads the keys of the named JSON file, a context key winning over the file', () => {
    // Prepare
    const path = settingsFile(JSON.stringify({ auth: 'none', memorySize: 512 }))

    // Act
    const context = withSettingsFile(contextOf({ settingsFile: path, auth: 'apiKey' }))

    // Assess
    expect(context('auth')).toBe('apiKey')
    expect(context('memorySize')).toBe(512)
  })

  it('names the file when it is not JSON', () => {
    const path = settingsFile('auth=none')

    expect(() => withSettingsFile(contextOf({ settingsFile: path }))).toThrow(
      /^settingsFile: cannot read .*settings.json as JSON/,
    )
  })
})

describe('loadLabSettings', () => {
  it('reads a settings file whose every key is a setting, nested ones included', () => {
    const path = settingsFile(
      JSON.stringify({ '//': 'a note', auth: 'none', multiRegion: { ...multiRegion } }),
    )

    const settings = loadLabSettings(contextOf({ settingsFile: path }))

    expect(settings.api.auth).toBe('none')
    expect(settings.multiRegion?.regions).toEqual(multiRegion.regions)
  })

  it.each([
    [
      { maxReadCapcity: 5 },
      /^maxReadCapcity: is not a setting \(in .*\)\. Did you mean maxReadCapacity\?$/,
    ],
    [{ colour: 'blue' }, /^colour: is not a setting .* docs\/deploy-settings\.md#settings\.$/],
    [
      { multiRegion: { ...multiRegion, domain: 'x' } },
      /^multiRegion\.domain: is not a setting .*Did you mean multiRegion\.domainName\?$/,
    ],
  ])('refuses a key that is not a setting, in one line: %j', (values, message) => {
    const path = settingsFile(JSON.stringify(values))

    expect(() => loadLabSettings(contextOf({ settingsFile: path }))).toThrow(message)
  })

  it('names a nested key by its full name when its value is malformed', () => {
    const path = settingsFile(JSON.stringify({ multiRegion: { ...multiRegion, domainName: 5 } }))

    expect(() => loadLabSettings(contextOf({ settingsFile: path }))).toThrow(
      /^multiRegion\.domainName: expected a string/,
    )
  })
})

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { withSettingsFile } from '../../../infra/settings/settings-file.js'
import { contextOf } from './contexts.js'

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

import { readFileSync } from 'node:fs'
import { isRecord } from '../../src/core/codec/json.js'
import { type ContextReader, SettingsError } from './settings-reader.js'

/**
 * Context with the keys of the file named by `settingsFile` underneath: a `-c` key wins.
 *
 * @example
 * const context = withSettingsFile((key) => app.node.tryGetContext(key))
 */
export function withSettingsFile(context: ContextReader): ContextReader {
  const path = context('settingsFile')
  if (path === undefined || path === '') return context
  if (typeof path !== 'string') throw new SettingsError('settingsFile', 'expected a file path.')
  let file: unknown
  try {
    file = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new SettingsError(
      'settingsFile',
      `cannot read ${path} as JSON: ${(error as Error).message}`,
    )
  }
  if (!isRecord(file)) throw new SettingsError('settingsFile', `${path} must hold a JSON object.`)
  return (key) => context(key) ?? file[key]
}

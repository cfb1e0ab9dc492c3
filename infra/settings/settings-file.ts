import { readFileSync } from 'node:fs'
import { isRecord } from '../../src/core/codec/json.js'
import { type ContextReader, SettingsError } from './settings-reader.js'

/** A settings file's key for a note to its reader: JSON has no comments. */
export const COMMENT_KEY = '//'

/** The JSON file named by the `settingsFile` key. */
export interface SettingsFile {
  readonly path: string
  readonly values: Readonly<Record<string, unknown>>
}

/**
 * The file named by the `settingsFile` key, or undefined when the key is unset.
 *
 * @example
 * const file = readSettingsFile((key) => app.node.tryGetContext(key))
 */
export function readSettingsFile(context: ContextReader): SettingsFile | undefined {
  const path = context('settingsFile')
  if (path === undefined || path === '') return undefined
  if (typeof path !== 'string') throw new SettingsError('settingsFile', 'expected a file path.')
  let values: unknown
  try {
    values = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new SettingsError(
      'settingsFile',
      `cannot read ${path} as JSON: ${(error as Error).message}`,
    )
  }
  if (!isRecord(values)) throw new SettingsError('settingsFile', `${path} must hold a JSON object.`)
  return { path, values }
}

/**
 * Context with the keys of the file named by `settingsFile` underneath: a `-c` key wins.
 *
 * @example
 * const context = withSettingsFile((key) => app.node.tryGetContext(key))
 */
export function withSettingsFile(context: ContextReader): ContextReader {
  const file = readSettingsFile(context)
  if (file === undefined) return context
  return (key) => context(key) ?? file.values[key]
}

/**
 * Throws a SettingsError for the first key of the file (or of an object in it, such as
 * `multiRegion`) that the app never asked for: a misspelt key would otherwise be ignored
 * without a word, and its default deployed.
 */
export function checkEveryKeyIsASetting(file: SettingsFile, asked: ReadonlySet<string>): void {
  const askedNames = [...asked]
  const keys = Object.entries(file.values).flatMap(([key, value]) => {
    // An object's own keys are settings only when the app reads them one by one.
    const readOneByOne = isRecord(value) && askedNames.some((each) => each.startsWith(`${key}.`))
    return [key, ...(readOneByOne ? Object.keys(value).map((each) => `${key}.${each}`) : [])]
  })
  for (const key of keys) {
    if (key === COMMENT_KEY || asked.has(key)) continue
    const guess = closest(key, asked)
    throw new SettingsError(
      key,
      `is not a setting (in ${file.path}). ${guess === undefined ? 'The settings are listed in docs/deploy-settings.md#settings.' : `Did you mean ${guess}?`}`,
    )
  }
}

/** The known key nearest to a misspelt one, if any is near enough to be what was meant. */
function closest(key: string, known: ReadonlySet<string>): string | undefined {
  // About one edit in four characters: a typo or a shortened word, not another setting.
  const nearEnough = Math.max(2, Math.floor(key.length / 4))
  let best: { key: string; distance: number } | undefined
  for (const each of known) {
    const distance = editDistance(key.toLowerCase(), each.toLowerCase())
    if (distance <= nearEnough && (best === undefined || distance < best.distance)) {
      best = { key: each, distance }
    }
  }
  return best?.key
}

/** Levenshtein's distance: the fewest single-character edits from one string to the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i]
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

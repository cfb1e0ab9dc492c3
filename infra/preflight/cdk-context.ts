import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { isRecord } from '../../src/core/codec/json.js'
import { type ContextReader, SettingsError } from '../settings/settings-reader.js'

/** Where the CDK CLI finds context besides the command line. */
export interface ContextFiles {
  /** The folder of cdk.json (and cdk.context.json). */
  readonly projectRoot: string
  /** The folder of the user's ~/.cdk.json. */
  readonly home?: string
}

function contextOfFile(path: string, key: 'context' | undefined): Record<string, unknown> {
  if (!existsSync(path)) return {}
  let file: unknown
  try {
    file = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new SettingsError(path, `cannot read it as JSON: ${(error as Error).message}`)
  }
  const context = key === undefined ? file : isRecord(file) ? file[key] : undefined
  return isRecord(context) ? context : {}
}

/**
 * Context as the CDK CLI gives it to the app, so that preflight reads the settings the deploy
 * would: the command line's `-c` keys first, then cdk.json's "context", cdk.context.json,
 * and the "context" of ~/.cdk.json.
 *
 * @example
 * const context = cdkContext({ env: 'dev' }, { projectRoot: process.cwd() })
 * context('env') // → 'dev'
 */
export function cdkContext(
  commandLine: Readonly<Record<string, string>>,
  { projectRoot, home = homedir() }: ContextFiles,
): ContextReader {
  const sources = [
    commandLine,
    contextOfFile(join(projectRoot, 'cdk.json'), 'context'),
    contextOfFile(join(projectRoot, 'cdk.context.json'), undefined),
    contextOfFile(join(home, '.cdk.json'), 'context'),
  ]
  return (key) => {
    for (const source of sources) if (Object.hasOwn(source, key)) return source[key]
    return undefined
  }
}

import { ConfigError, type Environment } from '../../src/config/env.js'
import { isRecord } from '../../src/core/codec/json.js'
import {
  InvalidPropError,
  isWholeNumberIn,
  outOfRange,
  readAsTheHandlerDoes,
  regionNameProblem,
  type WholeNumberRange,
} from '../constructs/prop-checks.js'

/** Reads one context key; undefined when unset. */
export type ContextReader = (key: string) => unknown

/** A malformed setting of the CDK app: the handler's ConfigError, named by its key. */
export class SettingsError extends ConfigError {
  override readonly name = 'SettingsError'
}

/**
 * Reads context values as they come: typed from cdk.json or a settings file, strings from
 * `-c key=value` on the command line. Each read returns a typed value, or undefined when the
 * key is unset or blank, or throws a SettingsError naming the key.
 */
export class SettingsReader {
  /**
   * @param read where the values come from
   * @param asked every key read so far, by its full name (`multiRegion.regions`), shared with
   *   the nested readers: what the app knows, to tell a typo in a settings file from a setting
   * @param prefix the nested object's key and a dot, for keys of a nested reader
   */
  constructor(
    private readonly read: ContextReader,
    private readonly asked: Set<string> = new Set(),
    private readonly prefix = '',
  ) {}

  raw(key: string): unknown {
    this.asked.add(`${this.prefix}${key}`)
    const value = this.read(key)
    return value === '' ? undefined : value
  }

  /** A reader of the keys of an object setting, named `key.inner` in messages and `asked`. */
  nested(key: string, object: Readonly<Record<string, unknown>>): SettingsReader {
    return new SettingsReader((inner) => object[inner], this.asked, `${this.prefix}${key}.`)
  }

  /** Every key read so far, by its full name. */
  keysAsked(): ReadonlySet<string> {
    return this.asked
  }

  string(key: string): string | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    if (typeof value !== 'string')
      throw new SettingsError(this.named(key), `expected a string, got ${JSON.stringify(value)}.`)
    return value.trim()
  }

  /** A whole number of `range`, which is the bound the construct taking it checks. */
  number(key: string, range: WholeNumberRange): number | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value
    if (!isWholeNumberIn(number, range)) {
      throw new SettingsError(this.named(key), outOfRange(range, JSON.stringify(value)))
    }
    return number
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key)
    if (value === undefined || typeof value === 'boolean') return value
    if (value === 'true' || value === 'false') return value === 'true'
    throw new SettingsError(
      this.named(key),
      `expected true or false, got ${JSON.stringify(value)}.`,
    )
  }

  choice<const Choice extends string>(key: string, choices: readonly Choice[]): Choice | undefined {
    const value = this.string(key)
    if (value === undefined) return undefined
    if (!(choices as readonly string[]).includes(value)) {
      throw new SettingsError(
        this.named(key),
        `expected one of ${choices.join(', ')}, got "${value}".`,
      )
    }
    return value as Choice
  }

  /** A JSON array, or a comma-separated string. */
  list(key: string): string[] | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    const items =
      typeof value === 'string'
        ? value.trim().startsWith('[')
          ? this.json(key, value)
          : value
              .split(',')
              .map((each) => each.trim())
              .filter((each) => each !== '')
        : value
    if (!Array.isArray(items) || !items.every((each) => typeof each === 'string')) {
      throw new SettingsError(
        this.named(key),
        'expected a list of strings: a JSON array or "a,b,c".',
      )
    }
    return items
  }

  /**
   * A list that becomes one of the handler's environment variables, checked exactly as the
   * handler will read it: synth then refuses what the deployed function would refuse (it
   * would answer 500 to everything). The key is the construct's prop of the same name.
   */
  listAsTheHandlerReads(
    key: string,
    readFromEnvironment: (env: Environment, name: string) => string[],
  ): string[] | undefined {
    const list = this.list(key)
    if (list === undefined) return undefined
    return checkAsSettings(() => readAsTheHandlerDoes(key, list, readFromEnvironment))
  }

  /** A JSON object, given as one or as a string of JSON. */
  object(key: string): Record<string, unknown> | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    const object = typeof value === 'string' ? this.json(key, value) : value
    if (!isRecord(object)) throw new SettingsError(this.named(key), 'expected a JSON object.')
    return object
  }

  /** An AWS region's name, such as eu-west-1. */
  region(key: string): string | undefined {
    const region = this.string(key)
    const problem = region === undefined ? undefined : regionNameProblem(region)
    if (problem !== undefined) throw new SettingsError(this.named(key), problem)
    return region
  }

  /** A key by its full name, as a settings file or the docs name it. */
  private named(key: string): string {
    return `${this.prefix}${key}`
  }

  private json(key: string, text: string): unknown {
    try {
      return JSON.parse(text)
    } catch {
      throw new SettingsError(this.named(key), `is not valid JSON: ${text}`)
    }
  }
}

/**
 * Runs a construct's own check (or read) on props that came from settings, so that synth
 * names the setting's key rather than the prop: `keyOf` maps a prop to its key where the
 * two differ.
 *
 * @example
 * checkAsSettings(() => checkLabFunctionProps(props), { timeout: 'timeoutSeconds' })
 */
export function checkAsSettings<Result>(
  check: () => Result,
  keyOf: Readonly<Record<string, string>> = {},
): Result {
  try {
    return check()
  } catch (error) {
    if (error instanceof InvalidPropError) {
      throw new SettingsError(keyOf[error.prop] ?? error.prop, error.detail)
    }
    throw error
  }
}

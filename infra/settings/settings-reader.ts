import { ConfigError, type Environment } from '../../src/config/env.js'
import { isRecord } from '../../src/core/codec/json.js'

/** Reads one context key; undefined when unset. */
export type ContextReader = (key: string) => unknown

/** A malformed setting of the CDK app: the handler's ConfigError, named by its key. */
export class SettingsError extends ConfigError {
  override readonly name = 'SettingsError'
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/

/**
 * Reads context values as they come: typed from cdk.json or a settings file, strings from
 * `-c key=value` on the command line. Each read returns a typed value, or undefined when the
 * key is unset or blank, or throws a SettingsError naming the key.
 */
export class SettingsReader {
  constructor(private readonly read: ContextReader) {}

  raw(key: string): unknown {
    const value = this.read(key)
    return value === '' ? undefined : value
  }

  string(key: string): string | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    if (typeof value !== 'string')
      throw new SettingsError(key, `expected a string, got ${JSON.stringify(value)}.`)
    return value.trim()
  }

  number(key: string, { min, max }: { min: number; max: number }): number | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      throw new SettingsError(
        key,
        `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`,
      )
    }
    return number
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key)
    if (value === undefined || typeof value === 'boolean') return value
    if (value === 'true' || value === 'false') return value === 'true'
    throw new SettingsError(key, `expected true or false, got ${JSON.stringify(value)}.`)
  }

  choice<const Choice extends string>(key: string, choices: readonly Choice[]): Choice | undefined {
    const value = this.string(key)
    if (value === undefined) return undefined
    if (!(choices as readonly string[]).includes(value)) {
      throw new SettingsError(key, `expected one of ${choices.join(', ')}, got "${value}".`)
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
      throw new SettingsError(key, 'expected a list of strings: a JSON array or "a,b,c".')
    }
    return items
  }

  /**
   * A list that becomes one of the handler's environment variables, checked exactly as the
   * handler will read it: synth then refuses what the deployed function would refuse (it
   * would answer 500 to everything).
   */
  listAsTheHandlerReads(
    key: string,
    readFromEnvironment: (env: Environment, name: string) => string[],
  ): string[] | undefined {
    const list = this.list(key)
    if (list === undefined) return undefined
    try {
      return readFromEnvironment({ [key]: list.join(',') }, key)
    } catch (error) {
      if (error instanceof ConfigError) throw new SettingsError(key, error.detail)
      throw error
    }
  }

  /** A JSON object, given as one or as a string of JSON. */
  object(key: string): Record<string, unknown> | undefined {
    const value = this.raw(key)
    if (value === undefined) return undefined
    const object = typeof value === 'string' ? this.json(key, value) : value
    if (!isRecord(object)) throw new SettingsError(key, 'expected a JSON object.')
    return object
  }

  /** An AWS region's name, such as eu-west-1. */
  region(key: string): string | undefined {
    const region = this.string(key)
    if (region !== undefined && !REGION_PATTERN.test(region)) {
      throw new SettingsError(key, `"${region}" is not an AWS region name such as eu-west-1.`)
    }
    return region
  }

  private json(key: string, text: string): unknown {
    try {
      return JSON.parse(text)
    } catch {
      throw new SettingsError(key, `is not valid JSON: ${text}`)
    }
  }
}

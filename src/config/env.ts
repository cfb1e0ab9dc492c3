import { isIP, isIPv4 } from 'node:net'
import { isTableName } from '../core/schema/table-name.js'

/**
 * Readers for environment variables: each either returns a typed value or throws a
 * ConfigError that names the variable and says what a valid value looks like, so that a
 * typo stops start-up with a message instead of surfacing as a strange failure later.
 */

export type Environment = Readonly<Record<string, string | undefined>>

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    /** What is wrong with the value, without the variable's name. */
    readonly detail: string,
  ) {
    super(`${variable}: ${detail}`)
    this.name = 'ConfigError'
  }
}

/** The trimmed value, or undefined when the variable is unset or blank. */
export function readString(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

export function readInteger(
  env: Environment,
  name: string,
  { fallback, min, max }: { fallback: number; min: number; max: number },
): number {
  const text = readString(env, name)
  if (text === undefined) return fallback
  if (!/^\d+$/.test(text)) {
    throw new ConfigError(name, `"${text}" is not a whole number; expected ${min} to ${max}.`)
  }
  const value = Number(text)
  if (value < min || value > max) {
    throw new ConfigError(name, `${value} is out of range; expected ${min} to ${max}.`)
  }
  return value
}

export function readPort(env: Environment, name: string, fallback: number): number {
  // 0 asks the operating system for a free port, as node:net does.
  return readInteger(env, name, { fallback, min: 0, max: 65_535 })
}

/** An address to listen on: an IPv4 or IPv6 address, or `localhost`. */
export function readListenAddress(env: Environment, name: string, fallback: string): string {
  const value = readString(env, name) ?? fallback
  if (value !== 'localhost' && isIP(value) === 0) {
    throw new ConfigError(
      name,
      `"${value}" is not an IP address; expected e.g. 127.0.0.1, ::1 or 0.0.0.0.`,
    )
  }
  return value
}

export function readUrl(env: Environment, name: string): URL | undefined {
  const text = readString(env, name)
  if (text === undefined) return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ConfigError(name, `"${text}" is not a URL; expected e.g. http://127.0.0.1:8000.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `"${text}" must be an http:// or https:// URL.`)
  }
  return url
}

export function readTableName(env: Environment, name: string, fallback: string): string {
  const value = readString(env, name) ?? fallback
  if (!isTableName(value)) {
    throw new ConfigError(
      name,
      `"${value}" is not a DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, _ . -).`,
    )
  }
  return value
}

/** The levels Powertools' Logger knows, in the upper case it requires of the environment. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const

export type LogLevelName = (typeof LOG_LEVELS)[number]

/**
 * Checks the log level the logger reads for itself (POWERTOOLS_LOG_LEVEL, else LOG_LEVEL, as
 * Powertools reads them): Powertools takes a name it does not know, or one in lower case, for
 * INFO without a word, which would hide the DEBUG lines asked for.
 */
export function readLogLevel(env: Environment): LogLevelName | undefined {
  const name =
    readString(env, 'POWERTOOLS_LOG_LEVEL') === undefined ? 'LOG_LEVEL' : 'POWERTOOLS_LOG_LEVEL'
  const value = readString(env, name)
  if (value === undefined) return undefined
  const level = LOG_LEVELS.find((each) => each === value)
  if (level === undefined) {
    throw new ConfigError(
      name,
      `"${value}" is not a log level; expected one of ${LOG_LEVELS.join(', ')} (in upper case).`,
    )
  }
  return level
}

/** A comma-separated list, blanks dropped; `problemWith` says what is wrong with an item. */
function readList(
  env: Environment,
  name: string,
  problemWith: (item: string) => string | undefined,
): string[] {
  const text = readString(env, name)
  if (text === undefined) return []
  const items = text
    .split(',')
    .map((each) => each.trim())
    .filter((each) => each !== '')
  for (const item of items) {
    const problem = problemWith(item)
    if (problem !== undefined) throw new ConfigError(name, problem)
  }
  return items
}

export function readTableList(env: Environment, name: string): string[] {
  return readList(env, name, (each) =>
    isTableName(each)
      ? undefined
      : `"${each}" is not a DynamoDB table name; expected a comma-separated list such as "orders,customers".`,
  )
}

function isWebOrigin(text: string): boolean {
  try {
    return new URL(text).origin === text
  } catch {
    return false
  }
}

/** A comma-separated list of web origins (`https://app.example.com`), or `*` for any. */
export function readOriginList(env: Environment, name: string): string[] {
  return readList(env, name, (each) =>
    each === '*' || isWebOrigin(each)
      ? undefined
      : `"${each}" is not a web origin; expected e.g. https://app.example.com (no path, no trailing slash) or *.`,
  )
}

/** Whether a host name or address is this machine's loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  return bare === 'localhost' || bare === '::1' || (isIPv4(bare) && bare.startsWith('127.'))
}

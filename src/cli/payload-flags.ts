import { readFile } from 'node:fs/promises'
import type { JsonObject, JsonValue } from '../core/codec/json.js'
import type { OperationName } from '../core/schema/operation-names.js'
import { payloadSchemas } from '../core/schema/plain-schemas.generated.js'
import { UsageError } from './exit-codes.js'
import type { OptionHelp } from './help.js'
import { type CliIo, parseLosslessJson, readAll } from './io.js'

/** How a payload key is given on the command line, read from its JSON Schema. */
type FlagKind = 'string' | 'integer' | 'boolean' | 'json'

export interface PayloadFlag {
  /** The payload key, e.g. `ExpressionAttributeValues`. */
  readonly key: string
  /** The flag, e.g. `expression-attribute-values`, as the AWS CLI spells its parameters. */
  readonly flag: string
  readonly kind: FlagKind
  readonly required: boolean
  readonly description: string
  /** The bounds of an integer key, as the schema sets them. */
  readonly minimum?: number
  readonly maximum?: number
}

interface PropertySchema {
  readonly type?: string
  readonly enum?: readonly string[]
  readonly description?: string
  readonly minimum?: number
  readonly maximum?: number
}

/**
 * Keys the payload schema shares between Scan and Query that DynamoDB's Query refuses
 * (parallel scan): the CLI neither offers nor sends them, rather than a flag that always fails.
 */
const refusedByDynamoDB: Partial<Record<OperationName, readonly string[]>> = {
  query: ['Segment', 'TotalSegments'],
}

const kebabCase = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()

function kindOf(schema: PropertySchema): FlagKind {
  if (schema.type === 'integer') return 'integer'
  if (schema.type === 'boolean') return 'boolean'
  if (schema.type === 'string' || schema.enum !== undefined) return 'string'
  return 'json'
}

/**
 * The flags of an operation, one per key of its payload schema: the CLI cannot offer a key
 * the API refuses, nor miss one it accepts.
 */
export function payloadFlags(operation: OperationName): readonly PayloadFlag[] {
  const schema = payloadSchemas[operation] as {
    properties?: Record<string, PropertySchema>
    required?: readonly string[]
  }
  const refused = refusedByDynamoDB[operation] ?? []
  return Object.entries(schema.properties ?? {})
    .filter(([key]) => !refused.includes(key))
    .map(([key, property]) => {
      const values = property.enum === undefined ? '' : ` One of ${property.enum.join(', ')}.`
      const { minimum, maximum } = property
      const bounds =
        minimum === undefined || maximum === undefined ? '' : ` From ${minimum} to ${maximum}.`
      return {
        key,
        flag: kebabCase(key),
        kind: kindOf(property),
        required: schema.required?.includes(key) ?? false,
        description: `${property.description ?? ''}${values}${bounds}`,
        ...(minimum === undefined ? {} : { minimum }),
        ...(maximum === undefined ? {} : { maximum }),
      }
    })
}

/** The payload flags as their help lists them: `--flag VALUE  description`. */
export function payloadFlagHelp(
  flags: readonly PayloadFlag[],
  describe: (flag: PayloadFlag) => string = ({ required, description }) =>
    `${required ? '(required) ' : ''}${description}`,
): OptionHelp[] {
  return flags.map((flag) => ({
    flag: flag.kind === 'boolean' ? `--${flag.flag}, --no-${flag.flag}` : `--${flag.flag}`,
    ...(flag.kind === 'boolean' ? {} : { value: valueHints[flag.kind] }),
    description: describe(flag),
  }))
}

const valueHints = { string: 'TEXT', integer: 'N', json: 'JSON' } as const

/**
 * A whole-number flag value within bounds, or undefined when the flag was not given.
 *
 * @example
 * wholeNumberFlag('25', 'batch-size', 1, 1000) // → 25
 */
export function wholeNumberFlag(
  value: string | undefined,
  flag: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, not "${value}".`)
  return number
}

/** The parseArgs options for an operation's payload flags (booleans take a --no- twin too). */
export function payloadFlagOptions(flags: readonly PayloadFlag[]) {
  const options: Record<string, { type: 'string' | 'boolean' }> = {}
  for (const { flag, kind } of flags) {
    options[flag] = { type: kind === 'boolean' ? 'boolean' : 'string' }
    if (kind === 'boolean') options[`no-${flag}`] = { type: 'boolean' }
  }
  return options
}

/**
 * A JSON argument as the AWS CLI takes one: inline, `file://path`, or `-` for standard input.
 */
export async function readJsonArgument(value: string, what: string, io: CliIo): Promise<JsonValue> {
  if (value === '-') {
    if (io.stdin === undefined)
      throw new UsageError(`${what} is "-" but standard input is a terminal.`)
    return parseLosslessJson(await readAll(io.stdin), `${what} (standard input)`)
  }
  if (value.startsWith('file://')) {
    const path = value.slice('file://'.length)
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`${what}: cannot read ${path}: ${error.code ?? error.message}`)
    })
    return parseLosslessJson(text, `${what} (${path})`)
  }
  return parseLosslessJson(value, what)
}

/** Turns parsed flag values into payload keys, over a base payload given with --payload. */
export async function payloadFromFlags(
  flags: readonly PayloadFlag[],
  values: Readonly<Record<string, string | boolean | undefined>>,
  base: JsonObject,
  io: CliIo,
): Promise<JsonObject> {
  const payload: JsonObject = { ...base }
  for (const { key, flag, kind, minimum, maximum } of flags) {
    if (kind === 'boolean') {
      if (values[flag] === true) payload[key] = true
      if (values[`no-${flag}`] === true) payload[key] = false
      continue
    }
    const value = values[flag]
    if (typeof value !== 'string') continue
    if (kind === 'integer') {
      payload[key] = wholeNumberFlag(value, flag, minimum, maximum) ?? 0
    } else if (kind === 'json') {
      payload[key] = await readJsonArgument(value, `--${flag}`, io)
    } else {
      payload[key] = value
    }
  }
  return payload
}

import type { AttributeMap } from '../codec/attribute-encoding.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../codec/json.js'
import { canonicalNumber } from '../codec/number-value.js'
import { toAttributeMapOf } from '../codec/to-attribute-value.js'
import { ErrorCode } from '../error-table.js'
import { BadRequestError } from '../errors.js'
import type { BatchTables } from './batch-tables.js'

/*
 * The checks of a batch's tables, size, keys and items, made before anything is sent: DynamoDB
 * would refuse most of these too, but its message names neither the table nor the position.
 * Every message names its place as the payload does: payload.RequestItems.orders[3].
 */

const invalid = (message: string) => new BadRequestError(ErrorCode.InvalidRequest, message)

/** `RequestItems.orders`, or `RequestItems["lambda-apigateway"]` for a name that is no identifier. */
export function tableField(table: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(table)
    ? `RequestItems.${table}`
    : `RequestItems[${JSON.stringify(table)}]`
}

/**
 * The tables of RequestItems, once each are known to be allowed: every table is checked
 * before anything else, so that a batch naming a table the API does not serve is refused as
 * such, whatever else is wrong with it.
 */
export function checkedTableNames(requestItems: object, tables: BatchTables): string[] {
  const names = Object.keys(requestItems)
  if (names.length === 0) {
    throw invalid('payload.RequestItems names no table: write {"<table>": …} for each table.')
  }
  tables.checkAllowed(names)
  return names
}

/** Refuses a batch over DynamoDB's limit of one call, counted over all its tables. */
export function checkBatchSize(count: number, limit: number, operation: string, what: string) {
  if (count <= limit) return
  throw invalid(
    `payload.RequestItems holds ${count} ${what}; ${operation} takes at most ${limit} in all: split it into several requests.`,
  )
}

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ')

/**
 * Encodes an item or a key of `table`, checking that it holds the table's key attributes and,
 * for a key (`keyOnly`), nothing else: DynamoDB refuses a key with other attributes.
 */
export function keyedAttributes(
  value: JsonValue | undefined,
  field: string,
  table: string,
  keyAttributes: readonly string[],
  keyOnly: boolean,
): AttributeMap {
  // The schema checked for an object, but a long number literal is an object to it too.
  if (!isJsonObject(value)) throw invalid(`payload.${field} must be a JSON object.`)
  const keyOfTable = `table "${table}", whose key is ${keyAttributes.join(', ')}`
  const missing = keyAttributes.filter((name) => !Object.hasOwn(value, name))
  if (missing.length > 0) {
    throw invalid(`payload.${field} lacks the key attribute ${quoted(missing)} of ${keyOfTable}.`)
  }
  const extra = keyOnly ? Object.keys(value).filter((name) => !keyAttributes.includes(name)) : []
  if (extra.length > 0) {
    throw invalid(
      `payload.${field} has ${quoted(extra)}, not a key attribute of ${keyOfTable}: a key holds its key attributes only.`,
    )
  }
  return toAttributeMapOf(value as JsonObject, field)
}

/**
 * Finds the second mention of one item in a batch (same table, same key): DynamoDB refuses a
 * batch that reads one key twice, or writes one item twice (a put and a delete included).
 */
export function duplicateKeyFinder() {
  const firstMention = new Map<string, string>()
  return (
    table: string,
    keyAttributes: readonly string[],
    attributes: AttributeMap,
    field: string,
  ) => {
    // A key's values as JSON, numbers in one spelling: DynamoDB takes 1 and 1.0 for one key.
    const identity = JSON.stringify([
      table,
      ...keyAttributes.map((name) => {
        const value = attributes[name]
        return value?.N === undefined ? value : { N: canonicalNumber(value.N) }
      }),
    ])
    const first = firstMention.get(identity)
    if (first !== undefined) {
      throw invalid(
        `payload.${field} names the same item as payload.${first}: DynamoDB refuses a batch that names one item twice.`,
      )
    }
    firstMention.set(identity, field)
  }
}

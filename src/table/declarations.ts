import { isTableName } from '../core/schema/table-name.js'
import type {
  GlobalIndexDefinition,
  KeyAttribute,
  KeyType,
  LocalIndexDefinition,
  Projection,
  TableBillingMode,
  TableDefinition,
} from './definition.js'

/**
 * The tables file: the tables a deployment serves, declared once for the local stack
 * (TABLES_FILE), the CDK app (-c tablesFile) and, through them, the handler (TABLES). Its shape
 * is the one docs/tables.md shows:
 *
 *   {"tables": [{"name": "orders", "partitionKey": {"name": "pk", "type": "S"}, ...}]}
 *
 * Reading it checks everything CreateTable would refuse, and more that would bite later (an
 * unknown key is a typo), so that a bad declaration stops start-up or synth with one line that
 * names the table and the field, instead of a half-created stack.
 */

export class TableDeclarationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TableDeclarationError'
  }
}

/** DynamoDB's quotas: indexes per table, and the index name rule (as a table name's). */
const MAX_GLOBAL_INDEXES = 20
const MAX_LOCAL_INDEXES = 5
const KEY_TYPES: readonly KeyType[] = ['S', 'N', 'B']
const BILLING_MODES: readonly TableBillingMode[] = ['onDemand', 'provisioned']
/** An attribute name DynamoDB accepts as a key: 1 to 255 bytes. */
const MAX_KEY_NAME_BYTES = 255

type Json = Record<string, unknown>

/** Where a fault is: the file, then the table (when known), then the field's path. */
class Place {
  constructor(
    private readonly source: string,
    private readonly table: string | undefined,
    private readonly path: string,
  ) {}

  field(name: string | number): Place {
    const path =
      typeof name === 'number'
        ? `${this.path}[${name}]`
        : this.path === ''
          ? name
          : `${this.path}.${name}`
    return new Place(this.source, this.table, path)
  }

  inTable(name: string, index: number): Place {
    return new Place(this.source, name === '' ? `#${index + 1}` : name, '')
  }

  fail(detail: string): never {
    const table = this.table === undefined ? '' : `table "${this.table}", `
    const field = this.path === '' ? '' : `${this.path}: `
    throw new TableDeclarationError(`${this.source}: ${table}${field}${detail}`)
  }
}

/**
 * Checks a parsed tables file and returns its tables. Throws a TableDeclarationError, one line
 * naming `source`, the table and the field, on the first fault.
 *
 * @example
 * parseTableDeclarations(JSON.parse(text), 'tables.json')
 */
export function parseTableDeclarations(value: unknown, source: string): TableDefinition[] {
  const root = new Place(source, undefined, '')
  const file = objectOf(value, root, ['tables'])
  const list: unknown = file.tables
  if (!Array.isArray(list) || list.length === 0) {
    return root.field('tables').fail('expected a non-empty array of tables.')
  }
  const tables = list.map((each: unknown, index) => {
    const name = isObject(each) && typeof each.name === 'string' ? each.name : ''
    return tableOf(each, root.field('tables').field(index).inTable(name, index))
  })
  const seen = new Set<string>()
  for (const table of tables) {
    if (seen.has(table.tableName)) {
      root.fail(`table "${table.tableName}" is declared twice; declare each table once.`)
    }
    seen.add(table.tableName)
  }
  return tables
}

/** A table as the tables file declares it: `name` for `tableName`, the rest as it is. */
export type TableDeclaration = Omit<TableDefinition, 'tableName'> & { readonly name: string }

/** Each table in the tables file's shape: what the API's `tables` operation answers. */
export function tableDeclarationsOf(tables: readonly TableDefinition[]): TableDeclaration[] {
  return tables.map(({ tableName, ...rest }) => ({ name: tableName, ...rest }))
}

/** A tables file's text for `tables`: what the CDK app hands the function (TABLES). */
export function tableDeclarationsJson(tables: readonly TableDefinition[]): string {
  return JSON.stringify({ tables: tableDeclarationsOf(tables) })
}

const TABLE_KEYS = [
  'name',
  'partitionKey',
  'sortKey',
  'globalIndexes',
  'localIndexes',
  'ttlAttribute',
  'billing',
] as const

function tableOf(value: unknown, place: Place): TableDefinition {
  const table = objectOf(value, place, TABLE_KEYS)
  const name = table.name
  if (typeof name !== 'string' || !isTableName(name)) {
    return place
      .field('name')
      .fail(
        `${JSON.stringify(name)} is not a DynamoDB table name; expected 3 to 255 of a-z, A-Z, 0-9, _ . -.`,
      )
  }
  const partitionKey = keyOf(table.partitionKey, place.field('partitionKey'), true)
  const sortKey = keyOf(table.sortKey, place.field('sortKey'), false)
  const globalIndexes = listOf(
    table.globalIndexes,
    place.field('globalIndexes'),
    MAX_GLOBAL_INDEXES,
    globalIndexOf,
  )
  const localIndexes = listOf(
    table.localIndexes,
    place.field('localIndexes'),
    MAX_LOCAL_INDEXES,
    localIndexOf,
  )
  if (localIndexes !== undefined && sortKey === undefined) {
    place
      .field('localIndexes')
      .fail('a local index needs a table with a sort key; add "sortKey" or make it a global index.')
  }
  const ttlAttribute = table.ttlAttribute
  if (ttlAttribute !== undefined && !isKeyName(ttlAttribute)) {
    place
      .field('ttlAttribute')
      .fail('expected the name of a Number attribute holding epoch seconds.')
  }
  const billing = table.billing
  if (billing !== undefined && !BILLING_MODES.includes(billing as TableBillingMode)) {
    place.field('billing').fail(`${JSON.stringify(billing)} is not ${BILLING_MODES.join(' or ')}.`)
  }
  const definition: TableDefinition = {
    tableName: name,
    partitionKey,
    ...(sortKey === undefined ? {} : { sortKey }),
    ...(globalIndexes === undefined ? {} : { globalIndexes }),
    ...(localIndexes === undefined ? {} : { localIndexes }),
    ...(ttlAttribute === undefined ? {} : { ttlAttribute: ttlAttribute as string }),
    ...(billing === undefined ? {} : { billing: billing as TableBillingMode }),
  }
  checkIndexNamesUnique(definition, place)
  checkOneTypePerAttribute(definition, place)
  return definition
}

function globalIndexOf(value: unknown, place: Place): GlobalIndexDefinition {
  const index = objectOf(value, place, ['name', 'partitionKey', 'sortKey', 'projection'])
  const sortKey = keyOf(index.sortKey, place.field('sortKey'), false)
  return {
    name: indexNameOf(index.name, place.field('name')),
    partitionKey: keyOf(index.partitionKey, place.field('partitionKey'), true),
    ...(sortKey === undefined ? {} : { sortKey }),
    projection: projectionOf(index.projection, place.field('projection')),
  }
}

function localIndexOf(value: unknown, place: Place): LocalIndexDefinition {
  const index = objectOf(value, place, ['name', 'sortKey', 'projection'])
  return {
    name: indexNameOf(index.name, place.field('name')),
    sortKey: keyOf(index.sortKey, place.field('sortKey'), true),
    projection: projectionOf(index.projection, place.field('projection')),
  }
}

function keyOf(value: unknown, place: Place, required: true): KeyAttribute
function keyOf(value: unknown, place: Place, required: false): KeyAttribute | undefined
function keyOf(value: unknown, place: Place, required: boolean): KeyAttribute | undefined {
  if (value === undefined) {
    if (required) place.fail('missing; expected {"name": "...", "type": "S"} (S, N or B).')
    return undefined
  }
  const key = objectOf(value, place, ['name', 'type'])
  if (!isKeyName(key.name))
    place.field('name').fail('expected an attribute name of 1 to 255 bytes.')
  if (!KEY_TYPES.includes(key.type as KeyType)) {
    place.field('type').fail(`${JSON.stringify(key.type)} is not a key type; expected S, N or B.`)
  }
  return { name: key.name as string, type: key.type as KeyType }
}

/** The index name rule is the table name rule: 3 to 255 of a-z, A-Z, 0-9, _ . -. */
function indexNameOf(value: unknown, place: Place): string {
  if (typeof value !== 'string' || !isTableName(value)) {
    place.fail(
      `${JSON.stringify(value)} is not an index name; expected 3 to 255 of a-z, A-Z, 0-9, _ . -.`,
    )
  }
  return value
}

function projectionOf(value: unknown, place: Place): Projection {
  if (value === undefined || value === 'ALL') return 'ALL'
  if (value === 'KEYS_ONLY') return 'KEYS_ONLY'
  if (isObject(value)) {
    const { include } = objectOf(value, place, ['include'])
    if (Array.isArray(include) && include.length > 0 && include.every(isKeyName)) {
      return { include: include as string[] }
    }
    place.field('include').fail('expected a non-empty array of attribute names.')
  }
  place.fail(
    `${JSON.stringify(value)} is not a projection; expected "ALL", "KEYS_ONLY" or {"include": ["attribute", ...]}.`,
  )
}

function listOf<T>(
  value: unknown,
  place: Place,
  max: number,
  each: (value: unknown, place: Place) => T,
): T[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) place.fail('expected an array.')
  if (value.length > max) place.fail(`${value.length} indexes; DynamoDB allows at most ${max}.`)
  return value.map((item, index) => each(item, place.field(index)))
}

function checkIndexNamesUnique(table: TableDefinition, place: Place): void {
  const seen = new Set<string>()
  const all = [
    ...(table.globalIndexes ?? []).map((index, i) => [index.name, `globalIndexes[${i}]`] as const),
    ...(table.localIndexes ?? []).map((index, i) => [index.name, `localIndexes[${i}]`] as const),
  ]
  for (const [name, path] of all) {
    if (seen.has(name))
      place.field(path).fail(`index "${name}" is declared twice; index names are unique per table.`)
    seen.add(name)
  }
}

/** CreateTable takes one type per attribute name, whichever keys and indexes use it. */
function checkOneTypePerAttribute(table: TableDefinition, place: Place): void {
  const types = new Map<string, KeyType>()
  const keys: Array<[KeyAttribute | undefined, string]> = [
    [table.partitionKey, 'partitionKey'],
    [table.sortKey, 'sortKey'],
    ...(table.globalIndexes ?? []).flatMap(
      (index, i): Array<[KeyAttribute | undefined, string]> => [
        [index.partitionKey, `globalIndexes[${i}].partitionKey`],
        [index.sortKey, `globalIndexes[${i}].sortKey`],
      ],
    ),
    ...(table.localIndexes ?? []).map((index, i): [KeyAttribute, string] => [
      index.sortKey,
      `localIndexes[${i}].sortKey`,
    ]),
  ]
  for (const [key, path] of keys) {
    if (key === undefined) continue
    const known = types.get(key.name)
    if (known !== undefined && known !== key.type) {
      place
        .field(path)
        .fail(
          `attribute "${key.name}" is ${key.type} here but ${known} elsewhere; an attribute has one type.`,
        )
    }
    types.set(key.name, key.type)
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isKeyName(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length > 0 && Buffer.byteLength(value) <= MAX_KEY_NAME_BYTES
  )
}

/** The object at `place`, refusing keys outside `known`: an unknown key is most often a typo. */
function objectOf(value: unknown, place: Place, known: readonly string[]): Json {
  if (!isObject(value)) place.fail('expected an object.')
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      place.field(key).fail(`unknown field; expected one of ${known.join(', ')}.`)
  }
  return value
}

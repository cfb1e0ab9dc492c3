import { isJsonObject, type JsonValue, LosslessNumber } from '../codec/json.js'
import { ErrorCode } from '../error-table.js'
import { BadRequestError } from '../errors.js'
import type { ValidEnvelope } from './envelope.js'
import { type OperationName, operationsWithoutTableName } from './operation-names.js'
import {
  type CompiledValidator,
  envelope,
  envelopeSchema,
  operationNames,
  payloads,
  type RequestSchema,
  type SchemaIssue,
} from './validators.generated.js'

/*
 * The validators are compiled ahead of time from the TypeBox schemas (envelope.ts,
 * payloads.ts) by `npm run validators`: the handler loads neither a schema library nor a
 * compiler, which on Lambda was a third of a cold start (docs/benchmarks.md).
 */

/**
 * `/payload/Key` → `payload.Key`; `/payload/ExpressionAttributeNames/#n` → `…["#n"]`;
 * `/RequestItems/orders/Keys/3` → `payload.RequestItems.orders.Keys[3]`.
 */
function fieldName(root: string, instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => {
      if (/^[A-Za-z_$][\w$]*$/.test(segment)) return `${path}.${segment}`
      // Array positions; a key of digits in an object reads the same, and means the same.
      if (/^(0|[1-9]\d*)$/.test(segment)) return `${path}[${segment}]`
      return `${path}[${JSON.stringify(segment)}]`
    }, root)
}

const typeNames: Readonly<Record<string, string>> = {
  object: 'a JSON object',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
}

/** The keys the object at `instancePath` accepts: its schema found by walking the outline. */
function allowedKeys(schema: RequestSchema, instancePath: string): string {
  let at: RequestSchema | undefined = schema
  for (const segment of instancePath.split('/').slice(1))
    at = at?.properties?.[segment] ?? at?.values ?? at?.items
  return Object.keys(at?.properties ?? {}).join(', ')
}

/**
 * Turns the validator's first relevant finding into a sentence that tells the user what to
 * change. Unknown keys get their own code, since they are the most common mistake (a key
 * from another operation, or a misspelling such as `item`).
 */
function toBadRequest(
  issues: readonly SchemaIssue[],
  root: string,
  schema: RequestSchema,
  context: string,
): BadRequestError {
  // An unknown key comes first: a misspelt `item` also makes `Item` missing, and the
  // unknown key is the one to fix.
  const issue = issues.find((each) => each.keyword === 'additionalProperties') ?? issues[0]
  if (issue === undefined)
    return new BadRequestError(ErrorCode.InvalidRequest, `${root} is invalid.`)
  const field = fieldName(root, issue.instancePath)
  // Ajv reports one issue per key: the keys of all issues like this one, on the same object.
  const keysOf = (param: string) =>
    issues
      .filter((each) => each.keyword === issue.keyword && each.instancePath === issue.instancePath)
      .map((each) => String(each.params[param]))
  switch (issue.keyword) {
    case 'additionalProperties': {
      const extra = keysOf('additionalProperty')
      const code = root === 'payload' ? ErrorCode.UnknownPayloadKey : ErrorCode.InvalidRequest
      return new BadRequestError(
        code,
        `${field} has ${extra.length > 1 ? 'keys' : 'a key'} ${extra.map((key) => `"${key}"`).join(', ')} that ${context} does not accept. Accepted keys: ${allowedKeys(schema, issue.instancePath)}.`,
      )
    }
    case 'required': {
      const missing = keysOf('missingProperty')
      return new BadRequestError(
        ErrorCode.InvalidRequest,
        `${missing.map((key) => `${field}.${key}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} required by ${context}.`,
      )
    }
    case 'type':
      return new BadRequestError(
        ErrorCode.InvalidRequest,
        `${field} must be ${typeNames[String(issue.params.type)] ?? String(issue.params.type)}.`,
      )
    case 'enum': {
      const allowed = (issue.params.allowedValues as unknown[] | undefined) ?? []
      return new BadRequestError(
        ErrorCode.InvalidRequest,
        `${field} must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}.`,
      )
    }
    default:
      return new BadRequestError(ErrorCode.InvalidRequest, `${field} ${issue.message}.`)
  }
}

/**
 * A long number literal is parsed as a LosslessNumber, a class instance, which a JSON
 * Schema validator takes for an object. Where an object belongs (the payload, an Item, a
 * Key…), such a number must be refused as what it is: a number.
 */
function refuseNumbersForObjects(value: unknown, root: string, schema: RequestSchema): void {
  const expectsObject = (candidate: RequestSchema | undefined) => candidate?.type === 'object'
  if (expectsObject(schema) && value instanceof LosslessNumber) {
    throw new BadRequestError(
      ErrorCode.InvalidRequest,
      `${root} must be a JSON object, not a number.`,
    )
  }
  if (!isJsonObject(value)) return
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (expectsObject(property) && value[name] instanceof LosslessNumber) {
      throw new BadRequestError(
        ErrorCode.InvalidRequest,
        `${root}.${name} must be a JSON object, not a number.`,
      )
    }
  }
}

function check(
  value: unknown,
  root: string,
  validate: CompiledValidator,
  schema: RequestSchema,
  context: string,
): void {
  refuseNumbersForObjects(value, root, schema)
  if (!validate(value)) throw toBadRequest(validate.errors ?? [], root, schema, context)
}

/** What an operation that takes no tableName says to one that sends it: where tables go. */
const tableNameRefusals: {
  readonly [Name in (typeof operationsWithoutTableName)[number]]: string
} = {
  tables: 'operation "tables" answers every declared table and takes no tableName; remove it.',
  batchRead:
    'Operation "batchRead" takes no tableName: name each table as a key of payload.RequestItems.',
  batchWrite:
    'Operation "batchWrite" takes no tableName: name each table as a key of payload.RequestItems.',
}

const takesNoTableName = (name: OperationName): name is keyof typeof tableNameRefusals =>
  (operationsWithoutTableName as readonly string[]).includes(name)

/** `tables` reads nothing from a payload: one given (but `{}` or null) would be ignored. */
function checkNoPayload(name: OperationName, payload: JsonValue | undefined): void {
  const empty =
    payload === undefined ||
    payload === null ||
    (isJsonObject(payload) && Object.keys(payload).length === 0)
  if (!empty) {
    throw new BadRequestError(
      ErrorCode.InvalidRequest,
      `operation "${name}" takes no payload; send {"operation": "${name}"}.`,
    )
  }
}

/**
 * Validates a request body against the envelope schema and then the payload against its
 * operation's schema. Throws a BadRequestError whose message names the field at fault.
 *
 * @example
 * parseEnvelope({ operation: 'read', payload: { Key: { id: '1' } } })
 * // → { operation: 'read', tableName: undefined, payload: { Key: { id: '1' } } }
 */
export function parseEnvelope(body: JsonValue): ValidEnvelope {
  if (!isJsonObject(body)) {
    throw new BadRequestError(
      ErrorCode.InvalidRequest,
      'The request body must be a JSON object: {"operation": ..., "tableName": ..., "payload": {...}}.',
    )
  }
  const operation = body.operation
  if (typeof operation === 'string' && !(operationNames as readonly string[]).includes(operation)) {
    throw new BadRequestError(
      ErrorCode.UnknownOperation,
      `Unknown operation "${operation}". Use one of: ${operationNames.join(', ')}.`,
    )
  }
  check(body, 'request', envelope, envelopeSchema, 'the request envelope')
  const name = operation as OperationName
  const tableName = body.tableName as string | undefined
  if (takesNoTableName(name)) {
    if (tableName !== undefined)
      throw new BadRequestError(ErrorCode.InvalidRequest, tableNameRefusals[name])
    if (name === 'tables') {
      checkNoPayload(name, body.payload)
      return { operation: name, tableName, payload: null }
    }
  }
  // echo answers its payload as sent (a missing one as null), and ping ignores it.
  if (name === 'echo' || name === 'ping')
    return { operation: name, tableName, payload: body.payload ?? null }
  // A missing or null payload reads as {}, so that its required keys are reported by name.
  const payload = body.payload ?? {}
  const { validate, schema } = payloads[name]
  check(payload, 'payload', validate, schema, `operation "${name}"`)
  return { operation: name, tableName, payload }
}

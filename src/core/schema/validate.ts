import type { TSchema } from 'typebox'
import Schema from 'typebox/schema'
import { isJsonObject, type JsonValue, LosslessNumber } from '../codec/json.js'
import { BadRequestError, ErrorCode } from '../errors.js'
import { Envelope, type ValidEnvelope } from './envelope.js'
import { type OperationName, operationNames, payloadSchemas } from './payloads.js'

interface SchemaIssue {
  readonly keyword: string
  readonly instancePath: string
  readonly params: Readonly<Record<string, unknown>>
  readonly message: string
}

/**
 * Each validator is compiled on first use and kept: a cold start (a new Lambda execution
 * environment) compiles the envelope's and one operation's, not all nine.
 */
const validators = new Map<TSchema, ReturnType<typeof Schema.Compile>>()

function validatorOf(schema: TSchema): ReturnType<typeof Schema.Compile> {
  let validator = validators.get(schema)
  if (validator === undefined) {
    validator = Schema.Compile(schema)
    validators.set(schema, validator)
  }
  return validator
}

/** `/payload/Key` → `payload.Key`; `/payload/ExpressionAttributeNames/#n` → `…["#n"]`. */
function fieldName(root: string, instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) =>
        /^[A-Za-z_$][\w$]*$/.test(segment)
          ? `${path}.${segment}`
          : `${path}[${JSON.stringify(segment)}]`,
      root,
    )
}

const typeNames: Readonly<Record<string, string>> = {
  object: 'a JSON object',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
}

function allowedKeys(schema: TSchema): string {
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {}
  return Object.keys(properties).join(', ')
}

/**
 * Turns the validator's first relevant finding into a sentence that tells the user what to
 * change. Unknown keys get their own code, since they are the most common mistake (a key
 * from another operation, or a misspelling such as `item`).
 */
function toBadRequest(
  issues: readonly SchemaIssue[],
  root: string,
  schema: TSchema,
  context: string,
): BadRequestError {
  // An unknown key comes first: a misspelt `item` also makes `Item` missing, and the
  // unknown key is the one to fix. `additionalProperties: false` reports both a "schema is
  // false" and an "additionalProperties" issue for each extra key; the latter says more.
  const issue =
    issues.find((each) => each.keyword === 'additionalProperties') ??
    issues.find((each) => each.keyword !== 'boolean') ??
    issues[0]
  if (issue === undefined)
    return new BadRequestError(ErrorCode.InvalidRequest, `${root} is invalid.`)
  const field = fieldName(root, issue.instancePath)
  switch (issue.keyword) {
    case 'additionalProperties': {
      const extra = (issue.params.additionalProperties as string[] | undefined) ?? []
      const code = root === 'payload' ? ErrorCode.UnknownPayloadKey : ErrorCode.InvalidRequest
      return new BadRequestError(
        code,
        `${field} has ${extra.length > 1 ? 'keys' : 'a key'} ${extra.map((key) => `"${key}"`).join(', ')} that ${context} does not accept. Accepted keys: ${allowedKeys(schema)}.`,
      )
    }
    case 'required': {
      const missing = (issue.params.requiredProperties as string[] | undefined) ?? []
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
function refuseNumbersForObjects(value: unknown, root: string, schema: TSchema): void {
  const expectsObject = (candidate: unknown) =>
    (candidate as { type?: unknown } | undefined)?.type === 'object'
  if (expectsObject(schema) && value instanceof LosslessNumber) {
    throw new BadRequestError(
      ErrorCode.InvalidRequest,
      `${root} must be a JSON object, not a number.`,
    )
  }
  if (!isJsonObject(value)) return
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {}
  for (const [name, property] of Object.entries(properties)) {
    if (expectsObject(property) && value[name] instanceof LosslessNumber) {
      throw new BadRequestError(
        ErrorCode.InvalidRequest,
        `${root}.${name} must be a JSON object, not a number.`,
      )
    }
  }
}

function check(value: unknown, root: string, schema: TSchema, context: string): void {
  refuseNumbersForObjects(value, root, schema)
  const validator = validatorOf(schema)
  if (!validator.Check(value)) {
    const [, issues] = validator.Errors(value) as [boolean, SchemaIssue[]]
    throw toBadRequest(issues, root, schema, context)
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
  if (typeof operation === 'string' && !Object.hasOwn(payloadSchemas, operation)) {
    throw new BadRequestError(
      ErrorCode.UnknownOperation,
      `Unknown operation "${operation}". Use one of: ${operationNames.join(', ')}.`,
    )
  }
  check(body, 'request', Envelope, 'the request envelope')
  const name = operation as OperationName
  // A missing or null payload reads as {}, so that its required keys are reported by name;
  // echo answers it as sent (null), and ping ignores it.
  const payload = body.payload ?? (name === 'echo' || name === 'ping' ? null : {})
  if (name !== 'echo' && name !== 'ping') {
    check(payload, 'payload', payloadSchemas[name] as TSchema, `operation "${name}"`)
  }
  return { operation: name, tableName: body.tableName as string | undefined, payload }
}

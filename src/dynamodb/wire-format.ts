import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { type AttributeMap, toBase64 } from '../core/codec/attribute-encoding.js'

/**
 * DynamoDB's JSON 1.0 wire format (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html)
 * against the SDK's types, which this project keeps as its model of DynamoDB's inputs and
 * outputs. The two differ only in binaries: a `B` or `BS` value is bytes in the SDK's types
 * and base64 text on the wire. Numbers are strings in both, so nothing is lost to JSON.
 */

/**
 * A JSON.stringify replacer that writes an AttributeValue's bytes as base64. It acts on the
 * AttributeValue (`{"B": bytes}`), before JSON.stringify would call Buffer's own toJSON,
 * which spells out every byte as a number.
 */
function binariesAsBase64(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const { B, BS } = value as { B?: unknown; BS?: unknown }
  if (B instanceof Uint8Array) return { B: toBase64(B) }
  if (Array.isArray(BS) && BS[0] instanceof Uint8Array) return { BS: BS.map(toBase64) }
  return value
}

/**
 * A request's body: the SDK-typed input as DynamoDB's JSON. Most inputs hold no binary, and
 * JSON.stringify is several times faster without a replacer: the replacer runs only when
 * the plain text shows bytes (a Buffer's toJSON, a Uint8Array's indexes) or might (`"B":{`,
 * `"BS":[{`, also seen when an attribute is named B: then the replacer runs, as it may).
 */
export function serializeInput(input: object): string {
  const plain = JSON.stringify(input)
  return plain.includes('"B":{') || plain.includes('"BS":[{')
    ? JSON.stringify(input, binariesAsBase64)
    : plain
}

/** Turns the base64 text of the wire back into bytes, in place, throughout one value. */
function decodeValue(value: AttributeValue): void {
  if (value.M !== undefined) decodeMap(value.M)
  else if (value.L !== undefined) for (const element of value.L) decodeValue(element)
  else if (value.B !== undefined) {
    ;(value as { B: unknown }).B = Buffer.from(value.B as unknown as string, 'base64')
  } else if (value.BS !== undefined) {
    ;(value as { BS: unknown }).BS = (value.BS as unknown as string[]).map((text) =>
      Buffer.from(text, 'base64'),
    )
  }
}

function decodeMap(map: AttributeMap | undefined): void {
  if (map === undefined) return
  for (const name in map) {
    const value = map[name]
    if (value !== undefined) decodeValue(value)
  }
}

/** The members of DynamoDB's outputs (and of its errors) that carry AttributeValues. */
interface WithAttributeMaps {
  Item?: AttributeMap
  Attributes?: AttributeMap
  LastEvaluatedKey?: AttributeMap
  Items?: AttributeMap[]
  /** BatchGetItem's, by table. */
  Responses?: Record<string, AttributeMap[]>
  UnprocessedKeys?: Record<string, { Keys?: AttributeMap[] }>
  /** BatchWriteItem's, by table. */
  UnprocessedItems?: Record<
    string,
    { PutRequest?: { Item?: AttributeMap }; DeleteRequest?: { Key?: AttributeMap } }[]
  >
}

/** The batches' members, whose attribute maps sit one table (and one request) deeper. */
function decodeBatchOutput({ Responses, UnprocessedKeys, UnprocessedItems }: WithAttributeMaps) {
  for (const items of Object.values(Responses ?? {})) for (const item of items) decodeMap(item)
  for (const reads of Object.values(UnprocessedKeys ?? {}))
    for (const key of reads.Keys ?? []) decodeMap(key)
  for (const requests of Object.values(UnprocessedItems ?? {})) {
    for (const { PutRequest, DeleteRequest } of requests) {
      decodeMap(PutRequest?.Item)
      decodeMap(DeleteRequest?.Key)
    }
  }
}

/**
 * A response's body as the SDK-typed output. JSON.parse is enough: DynamoDB writes the
 * numbers of items as strings, and its own counts fit a double.
 */
export function parseOutput<Output>(body: Buffer): Output {
  const output = (body.length === 0 ? {} : JSON.parse(body.toString('utf8'))) as WithAttributeMaps
  decodeMap(output.Item)
  decodeMap(output.Attributes)
  decodeMap(output.LastEvaluatedKey)
  if (output.Items !== undefined) for (const item of output.Items) decodeMap(item)
  decodeBatchOutput(output)
  return output as Output
}

/** What the SDK puts on the errors it throws, which the rest of the project reads. */
interface ServiceErrorFields {
  readonly name: string
  readonly message: string
  readonly $fault: 'client' | 'server'
  readonly $metadata: {
    readonly httpStatusCode: number
    readonly requestId?: string
    clockSkewCorrected?: true
  }
}

/**
 * An error answer as the SDK would throw it: named by DynamoDB's error type (the part of
 * `__type` after `#`), with DynamoDB's message and any other members of the body (such as
 * the `Item` of a ConditionalCheckFailedException). A body that is not DynamoDB's JSON (a
 * proxy's 502 page, say) gives an error named by the status alone.
 */
export function parseServiceError(
  statusCode: number,
  body: Buffer,
  errorTypeHeader: string | undefined,
  requestId: string | undefined,
): Error & ServiceErrorFields {
  let fields: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'))
    if (typeof parsed === 'object' && parsed !== null) fields = parsed as Record<string, unknown>
  } catch {
    // Not JSON: named by the status below.
  }
  const { __type, message, Message, code, ...members } = fields
  const type = errorTypeHeader ?? __type ?? code
  const name =
    typeof type === 'string' && type !== ''
      ? (type.split('#').pop() ?? type).split(':')[0]
      : `HTTP${statusCode}`
  const text = message ?? Message
  decodeMap((members as WithAttributeMaps).Item)
  return Object.assign(
    new Error(typeof text === 'string' ? text : `DynamoDB answered ${statusCode}`),
    members,
    {
      name,
      $fault: statusCode >= 500 ? ('server' as const) : ('client' as const),
      $metadata: { httpStatusCode: statusCode, requestId },
    },
  )
}

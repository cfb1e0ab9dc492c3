import type { JsonObject, LosslessNumber } from '../core/codec/json.js'
import type { OperationName } from '../core/schema/operation-names.js'
import type { payloadSchemas, resultSchemas } from '../core/schema/plain-schemas.generated.js'
import type { SchemaType } from '../core/schema/schema-type.js'

/*
 * The client's types of the API: what it sends (the payload schemas' types, with the
 * attribute maps widened to the values a JavaScript caller holds, bigint and LosslessNumber
 * for exact numbers) and what it gets back (the answer schemas' types).
 */

/**
 * A JSON value the client can send. Numbers may be `bigint` or `LosslessNumber` as well as
 * `number`: both are written with their exact digits, so 38-digit DynamoDB numbers survive.
 */
export type JsonInput =
  | null
  | boolean
  | number
  | bigint
  | string
  | LosslessNumber
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput }

/** An item, a key or expression values, in the API's attribute encoding (see docs/api.md). */
export type AttributesInput = { readonly [name: string]: JsonInput }

type AttributeField = 'Item' | 'Key' | 'ExclusiveStartKey' | 'ExpressionAttributeValues'

/** A payload schema's type, with its attribute maps widened to what the client can send. */
export type RequestOf<Payload> = {
  [Key in keyof Payload]: Key extends AttributeField ? AttributesInput : Payload[Key]
}

/** An operation's payload type, read from its plain schema (no schema library needed). */
type PayloadOf<Operation extends OperationName> = SchemaType<(typeof payloadSchemas)[Operation]>

export type CreateRequest = RequestOf<PayloadOf<'create'>>
export type ReadRequest = RequestOf<PayloadOf<'read'>>
export type UpdateRequest = RequestOf<PayloadOf<'update'>>
export type DeleteRequest = RequestOf<PayloadOf<'delete'>>
export type ListRequest = RequestOf<PayloadOf<'list'>>
export type QueryRequest = RequestOf<PayloadOf<'query'>>

export type WriteResult = SchemaType<typeof resultSchemas.WriteResult>
export type ReadResult = SchemaType<typeof resultSchemas.ReadResult>
export type PageResult = SchemaType<typeof resultSchemas.PageResult>
export type TablesResult = SchemaType<typeof resultSchemas.TablesResult>
/** A table the API serves, with its keys and indexes, as its tables file declares it. */
export type DeclaredTable = TablesResult['Tables'][number]

/** One table's part of a batchRead: its keys, and how to read them. */
export type TableReadsRequest = Omit<PayloadOf<'batchRead'>['RequestItems'][string], 'Keys'> & {
  readonly Keys: readonly AttributesInput[]
}

/** batchRead's payload: the keys to read, by table (at most BATCH_LIMITS.readKeys in all). */
export type BatchReadRequest = {
  readonly RequestItems: { readonly [table: string]: TableReadsRequest }
}

/** One put or delete of a batchWrite: DynamoDB's WriteRequest, exactly one of the two. */
export type WriteRequestInput =
  | { readonly PutRequest: { readonly Item: AttributesInput } }
  | { readonly DeleteRequest: { readonly Key: AttributesInput } }

/** batchWrite's payload: the writes, by table (at most BATCH_LIMITS.writeRequests in all). */
export type BatchWriteRequest = {
  readonly RequestItems: { readonly [table: string]: readonly WriteRequestInput[] }
}

/**
 * batchRead's answer. `UnprocessedKeys` has the request's shape, so that it can be sent again
 * as `RequestItems` as it is.
 */
export type BatchReadResult = SchemaType<typeof resultSchemas.BatchReadResult>

/**
 * batchWrite's answer: the writes not done, in the request's shape (each exactly one of
 * PutRequest and DeleteRequest), so that they can be sent again as `RequestItems`.
 */
export type BatchWriteResult = {
  UnprocessedItems: {
    [table: string]: (
      | { PutRequest: { Item: JsonObject } }
      | { DeleteRequest: { Key: JsonObject } }
    )[]
  }
}

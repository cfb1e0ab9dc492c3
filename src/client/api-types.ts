import type { LosslessNumber } from '../core/codec/json.js'
import type {
  CreatePayload,
  DeletePayload,
  ListPayload,
  QueryPayload,
  ReadPayload,
  UpdatePayload,
} from '../core/schema/payloads.js'

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

export type CreateRequest = RequestOf<CreatePayload>
export type ReadRequest = RequestOf<ReadPayload>
export type UpdateRequest = RequestOf<UpdatePayload>
export type DeleteRequest = RequestOf<DeletePayload>
export type ListRequest = RequestOf<ListPayload>
export type QueryRequest = RequestOf<QueryPayload>

export type { PageResult, ReadResult, WriteResult } from '../core/schema/results.js'

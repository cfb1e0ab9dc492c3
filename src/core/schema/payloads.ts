import * as Type from 'typebox'
import type { JsonObject, JsonValue } from '../codec/json.js'
import { BATCH_LIMITS, type OperationName } from './operation-names.js'

/**
 * The request schemas, written once. The runtime validator, the API Gateway request model
 * and the OpenAPI document are all generated from these objects, and the TypeScript types
 * of the core are inferred from them, so none of the four can drift from the others.
 *
 * Keep to the JSON Schema keywords that draft 4 (API Gateway models) and 2020-12 (OpenAPI
 * 3.1) share: type, properties, required, additionalProperties, patternProperties, enum,
 * minimum, maximum, minLength, maxLength, pattern, description.
 */

/** An item, a key or a start key: a JSON object in the API's attribute encoding. */
export const AttributeMap = (description: string) =>
  Type.Unsafe<JsonObject>({ type: 'object', description })

const Expression = (description: string) =>
  Type.String({ minLength: 1, maxLength: 4096, description })

const ExpressionAttributeNames = Type.Record(Type.String(), Type.String({ minLength: 1 }), {
  description: 'Substitution tokens for attribute names, e.g. {"#n": "name"}.',
})

const ExpressionAttributeValues = Type.Unsafe<JsonObject>({
  type: 'object',
  description: 'Substitution tokens for values, e.g. {":v": 5}, in the attribute encoding.',
})

const ReturnValues = Type.Enum(['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'], {
  description: 'Which attributes to return: DynamoDB ReturnValues.',
})

const ReturnValuesOnConditionCheckFailure = Type.Enum(['NONE', 'ALL_OLD'], {
  description: 'ALL_OLD puts the current item in the 409 error body when the condition fails.',
})

const ConsistentRead = Type.Boolean({ description: 'Strongly consistent read.' })

/** The keys a write's condition takes, shared by create, update and delete. */
const conditionalWrite = {
  ConditionExpression: Type.Optional(Expression('A condition the write must meet, else 409.')),
  ExpressionAttributeNames: Type.Optional(ExpressionAttributeNames),
  ExpressionAttributeValues: Type.Optional(ExpressionAttributeValues),
  ReturnValues: Type.Optional(ReturnValues),
  ReturnValuesOnConditionCheckFailure: Type.Optional(ReturnValuesOnConditionCheckFailure),
}

/** The keys a one-page read takes, shared by list (Scan) and query (Query). */
const pagedRead = {
  Limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Items to evaluate per page.' }),
  ),
  ExclusiveStartKey: Type.Optional(
    AttributeMap("The previous page's LastEvaluatedKey, to read the next page."),
  ),
  FilterExpression: Type.Optional(Expression('Drops items from the page after they are read.')),
  ProjectionExpression: Type.Optional(Expression('The attributes to return.')),
  ExpressionAttributeNames: Type.Optional(ExpressionAttributeNames),
  ExpressionAttributeValues: Type.Optional(ExpressionAttributeValues),
  Segment: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 999_999, description: 'Parallel scan segment.' }),
  ),
  TotalSegments: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Parallel scan segments.' }),
  ),
  ConsistentRead: Type.Optional(ConsistentRead),
  IndexName: Type.Optional(
    Type.String({ minLength: 3, maxLength: 255, description: 'A secondary index to read.' }),
  ),
}

const strict = { additionalProperties: false } as const

export const CreatePayload = Type.Object(
  { Item: AttributeMap('The item to write, key attributes included.'), ...conditionalWrite },
  { ...strict, description: 'PutItem: writes a whole item, replacing any with the same key.' },
)

export const ReadPayload = Type.Object(
  {
    Key: AttributeMap('The primary key of the item, e.g. {"id": "1"}.'),
    ProjectionExpression: Type.Optional(Expression('The attributes to return.')),
    ExpressionAttributeNames: Type.Optional(ExpressionAttributeNames),
    ConsistentRead: Type.Optional(ConsistentRead),
  },
  { ...strict, description: 'GetItem: reads one item by key; 404 when there is none.' },
)

export const UpdatePayload = Type.Object(
  {
    Key: AttributeMap('The primary key of the item to update.'),
    UpdateExpression: Type.Optional(Expression('e.g. "SET #n = :v".')),
    ...conditionalWrite,
  },
  { ...strict, description: 'UpdateItem: edits attributes, creating the item if missing.' },
)

export const DeletePayload = Type.Object(
  { Key: AttributeMap('The primary key of the item to delete.'), ...conditionalWrite },
  { ...strict, description: 'DeleteItem: removes one item by key.' },
)

export const ListPayload = Type.Object(pagedRead, {
  ...strict,
  description: 'Scan, one page: LastEvaluatedKey in the result is the cursor for the next.',
})

export const QueryPayload = Type.Object(
  {
    KeyConditionExpression: Expression('e.g. "id = :id".'),
    ...pagedRead,
    ScanIndexForward: Type.Optional(
      Type.Boolean({ description: 'false reads the sort key in descending order.' }),
    ),
  },
  { ...strict, description: 'Query, one page, by partition key (and sort key condition).' },
)

/** A map from table name to what the batch does there: the tables are named here, not in tableName. */
const ByTable = <Schema extends Type.TSchema>(schema: Schema, description: string) =>
  Type.Record(Type.String(), schema, { description })

export const TableReads = Type.Object(
  {
    Keys: Type.Array(AttributeMap('The primary key of an item to read.'), {
      minItems: 1,
      maxItems: BATCH_LIMITS.readKeys,
      description: `The keys to read in this table; at most ${BATCH_LIMITS.readKeys} keys in the whole request.`,
    }),
    ProjectionExpression: Type.Optional(Expression('The attributes to return.')),
    ExpressionAttributeNames: Type.Optional(ExpressionAttributeNames),
    ConsistentRead: Type.Optional(ConsistentRead),
  },
  { ...strict, description: "BatchGetItem's KeysAndAttributes: one table's keys." },
)

export const BatchReadPayload = Type.Object(
  {
    RequestItems: ByTable(
      TableReads,
      'The keys to read, by table: {"<table>": {"Keys": [{...}]}}. Every table must be one the server allows.',
    ),
  },
  {
    ...strict,
    description: `BatchGetItem: reads up to ${BATCH_LIMITS.readKeys} items by key over one or more tables; the keys not read in time come back in UnprocessedKeys.`,
  },
)

/**
 * One entry of a batch write: DynamoDB's WriteRequest, exactly one of PutRequest and
 * DeleteRequest. The operation checks the "exactly one", so that its message can say so.
 */
export const WriteRequest = Type.Object(
  {
    PutRequest: Type.Optional(
      Type.Object(
        { Item: AttributeMap('The item to write, key attributes included.') },
        { ...strict, description: 'PutItem, without conditions.' },
      ),
    ),
    DeleteRequest: Type.Optional(
      Type.Object(
        { Key: AttributeMap('The primary key of the item to delete.') },
        { ...strict, description: 'DeleteItem, without conditions.' },
      ),
    ),
  },
  { ...strict, description: 'Exactly one of PutRequest and DeleteRequest.' },
)

export const BatchWritePayload = Type.Object(
  {
    RequestItems: ByTable(
      Type.Array(WriteRequest, {
        minItems: 1,
        maxItems: BATCH_LIMITS.writeRequests,
        description: `The puts and deletes in this table; at most ${BATCH_LIMITS.writeRequests} in the whole request.`,
      }),
      'The writes, by table: {"<table>": [{"PutRequest": {"Item": {...}}}, {"DeleteRequest": {"Key": {...}}}]}. Every table must be one the server allows.',
    ),
  },
  {
    ...strict,
    description: `BatchWriteItem: up to ${BATCH_LIMITS.writeRequests} puts and deletes over one or more tables; those not done in time come back in UnprocessedItems.`,
  },
)

const EchoPayload = Type.Unsafe<JsonValue>({ description: 'Any JSON: answered as sent.' })

const PingPayload = Type.Unsafe<JsonValue>({ description: 'Ignored: the answer is "pong".' })

const TablesPayload = Type.Object(
  {},
  {
    ...strict,
    description: 'None: the declared tables, with their keys and indexes, the default first.',
  },
)

/** Each operation's payload schema, keyed by the operation names of the contract. */
export const payloadSchemas = {
  create: CreatePayload,
  read: ReadPayload,
  update: UpdatePayload,
  delete: DeletePayload,
  list: ListPayload,
  query: QueryPayload,
  batchRead: BatchReadPayload,
  batchWrite: BatchWritePayload,
  echo: EchoPayload,
  ping: PingPayload,
  tables: TablesPayload,
} as const satisfies Record<OperationName, Type.TSchema>

export {
  BATCH_LIMITS,
  type OperationName,
  operationNames,
  operationsWithoutTableName,
  operationsWithStrictPayload,
} from './operation-names.js'

export type CreatePayload = Type.Static<typeof CreatePayload>
export type ReadPayload = Type.Static<typeof ReadPayload>
export type UpdatePayload = Type.Static<typeof UpdatePayload>
export type DeletePayload = Type.Static<typeof DeletePayload>
export type ListPayload = Type.Static<typeof ListPayload>
export type QueryPayload = Type.Static<typeof QueryPayload>
export type TableReads = Type.Static<typeof TableReads>
export type BatchReadPayload = Type.Static<typeof BatchReadPayload>
export type WriteRequest = Type.Static<typeof WriteRequest>
export type BatchWritePayload = Type.Static<typeof BatchWritePayload>

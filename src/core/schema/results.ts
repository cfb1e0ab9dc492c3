import * as Type from 'typebox'
import type { JsonValue } from '../codec/json.js'
import { ErrorCode } from '../error-table.js'
import { AttributeMap, TableReads, WriteRequest } from './payloads.js'

/**
 * The answers' schemas, written once like the requests': the OpenAPI document describes
 * them and the typed client's result types are inferred from them.
 */

export const WriteResult = Type.Object(
  {
    Attributes: Type.Optional(
      AttributeMap('The attributes ReturnValues asked for; absent with ReturnValues NONE.'),
    ),
  },
  { description: 'The answer of create, update and delete: {} unless ReturnValues says more.' },
)

export const ReadResult = Type.Object(
  { Item: AttributeMap('The item, in the attribute encoding.') },
  { description: 'The answer of read. A key with no item is a 404 ItemNotFound.' },
)

export const PageResult = Type.Object(
  {
    Items: Type.Array(AttributeMap('An item, in the attribute encoding.')),
    Count: Type.Integer({ minimum: 0, description: 'Items in this page, after the filter.' }),
    ScannedCount: Type.Integer({ minimum: 0, description: 'Items read, before the filter.' }),
    LastEvaluatedKey: Type.Optional(
      AttributeMap('Present when there may be more: send it as ExclusiveStartKey.'),
    ),
  },
  { description: 'One page of list (Scan) or query (Query).' },
)

const KeyAttribute = (description: string) =>
  Type.Object(
    {
      name: Type.String({ description: 'The attribute.' }),
      type: Type.Enum(['S', 'N', 'B'], { description: 'String, Number or Binary.' }),
    },
    { description },
  )

const Projection = Type.Union(
  [
    Type.Literal('ALL'),
    Type.Literal('KEYS_ONLY'),
    Type.Object({ include: Type.Array(Type.String()) }, { description: 'The keys and these.' }),
  ],
  { description: 'Which attributes the index copies.' },
)

/** A declared table in the tables file's own shape: `name`, not `tableName`. */
export const DeclaredTable = Type.Object(
  {
    name: Type.String({ description: 'The table name to send as tableName.' }),
    partitionKey: KeyAttribute('The partition (hash) key.'),
    sortKey: Type.Optional(KeyAttribute('The sort (range) key.')),
    globalIndexes: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String({ description: 'The IndexName of query and list.' }),
          partitionKey: KeyAttribute("The index's partition key."),
          sortKey: Type.Optional(KeyAttribute("The index's sort key.")),
          projection: Projection,
        }),
        { description: 'Global secondary indexes.' },
      ),
    ),
    localIndexes: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String({ description: 'The IndexName of query and list.' }),
          sortKey: KeyAttribute("The index's sort key; its partition key is the table's."),
          projection: Projection,
        }),
        { description: 'Local secondary indexes.' },
      ),
    ),
    ttlAttribute: Type.Optional(
      Type.String({ description: 'The time-to-live attribute (AWS only).' }),
    ),
    billing: Type.Optional(Type.Enum(['onDemand', 'provisioned'], { description: 'On AWS.' })),
  },
  { description: 'A table the API serves, as its tables file declares it.' },
)

export const TablesResult = Type.Object(
  {
    Tables: Type.Array(DeclaredTable, { description: 'Every declared table, the default first.' }),
    DefaultTable: Type.String({ description: 'The table of a request without tableName.' }),
  },
  { description: 'The answer of tables: what a request may name as tableName.' },
)

export const BatchReadResult = Type.Object(
  {
    Responses: Type.Record(Type.String(), Type.Array(AttributeMap('An item that was read.')), {
      description:
        'The items read, by table; a key with no item has none here. Items come in no particular order.',
    }),
    UnprocessedKeys: Type.Record(Type.String(), TableReads, {
      description:
        "The keys not read within the deadline, by table, in the request's shape: send them as RequestItems to read just those. {} when every key was read.",
    }),
  },
  { description: 'The answer of batchRead.' },
)

export const BatchWriteResult = Type.Object(
  {
    UnprocessedItems: Type.Record(Type.String(), Type.Array(WriteRequest), {
      description:
        "The puts and deletes not done within the deadline, by table, in the request's shape: send them as RequestItems to do just those. {} when all were done.",
    }),
  },
  { description: 'The answer of batchWrite.' },
)

export const EchoResult = Type.Unsafe<JsonValue>({ description: 'The payload, as sent.' })

export const PingResult = Type.Literal('pong', { description: 'The answer of ping.' })

export const HealthResult = Type.Object(
  { status: Type.Literal('ok') },
  { description: 'The table is reachable.' },
)

export const ErrorBody = Type.Object(
  {
    code: Type.Enum(Object.values(ErrorCode), {
      description: 'Stable and machine-readable: branch on it, not on the message.',
    }),
    message: Type.String({ description: 'What went wrong and what to change.' }),
    requestId: Type.String({ description: 'Also in the x-amzn-RequestId header.' }),
    Item: Type.Optional(
      AttributeMap(
        'ConditionalCheckFailed only: the current item, when ReturnValuesOnConditionCheckFailure is ALL_OLD.',
      ),
    ),
  },
  { description: 'Every error answer.' },
)

export type WriteResult = Type.Static<typeof WriteResult>
export type ReadResult = Type.Static<typeof ReadResult>
export type PageResult = Type.Static<typeof PageResult>
export type TablesResult = Type.Static<typeof TablesResult>
export type BatchReadResult = Type.Static<typeof BatchReadResult>
export type BatchWriteResult = Type.Static<typeof BatchWriteResult>
export type ErrorBody = Type.Static<typeof ErrorBody>

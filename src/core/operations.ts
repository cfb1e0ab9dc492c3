import type {
  AttributeValue,
  QueryCommandOutput,
  ScanCommandOutput,
} from '@aws-sdk/client-dynamodb'
import type { AttributeMap } from './codec/attribute-encoding.js'
import { fromAttributeMap } from './codec/from-attribute-value.js'
import { type JsonObject, type JsonValue, stringifyJson } from './codec/json.js'
import { toAttributeMapOf } from './codec/to-attribute-value.js'
import { ErrorCode } from './error-table.js'
import { BadRequestError, NotFoundError } from './errors.js'
import type { ItemStore } from './item-store.js'
import type {
  CreatePayload,
  DeletePayload,
  ListPayload,
  OperationName,
  operationsWithoutTableName,
  QueryPayload,
  ReadPayload,
  UpdatePayload,
} from './schema/payloads.js'

/** An operation: a validated payload in, the JSON body of the answer out. */
type Operation<Payload> = (
  store: ItemStore,
  tableName: string,
  payload: Payload,
) => Promise<JsonValue>

/**
 * Expression attribute names are plain strings, so the codec never sees them; the SDK
 * would drop a `__proto__` among them just as among attribute names (see to-attribute-value.ts).
 */
export function attributeNames(
  names: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (names === undefined) return undefined
  const copy: Record<string, string> = {}
  for (const [token, name] of Object.entries(names)) {
    if (token === '__proto__' || name === '__proto__') {
      throw new BadRequestError(
        ErrorCode.ValidationError,
        'payload.ExpressionAttributeNames: the name "__proto__" cannot be used through this API.',
      )
    }
    copy[token] = name
  }
  return copy
}

function attributeMap(object: JsonObject | undefined, field: string): AttributeMap | undefined {
  return object === undefined ? undefined : toAttributeMapOf(object, field)
}

/** The expression keys every operation but echo and ping may carry. */
function expressionInput(payload: {
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: JsonObject
}) {
  return {
    ExpressionAttributeNames: attributeNames(payload.ExpressionAttributeNames),
    ExpressionAttributeValues: attributeMap(
      payload.ExpressionAttributeValues,
      'ExpressionAttributeValues',
    ),
  }
}

/** The keys of a conditional write, shared by create, update and delete. */
function conditionalWriteInput(payload: Omit<DeletePayload, 'Key'>) {
  return {
    ConditionExpression: payload.ConditionExpression,
    ReturnValues: payload.ReturnValues,
    ReturnValuesOnConditionCheckFailure: payload.ReturnValuesOnConditionCheckFailure,
    ...expressionInput(payload),
  }
}

/** The answer of a write: `{}`, or `{"Attributes": {...}}` when ReturnValues asked for them. */
function writeResult(attributes: Record<string, AttributeValue> | undefined): JsonObject {
  return attributes === undefined ? {} : { Attributes: fromAttributeMap(attributes) }
}

/** One page of a Scan or Query; LastEvaluatedKey, when present, is the next page's cursor. */
function pageResult(output: ScanCommandOutput | QueryCommandOutput): JsonObject {
  const page: JsonObject = {
    Items: (output.Items ?? []).map(fromAttributeMap),
    Count: output.Count ?? 0,
    ScannedCount: output.ScannedCount ?? 0,
  }
  if (output.LastEvaluatedKey !== undefined)
    page.LastEvaluatedKey = fromAttributeMap(output.LastEvaluatedKey)
  return page
}

function pagedReadInput(payload: ListPayload) {
  return {
    Limit: payload.Limit,
    ExclusiveStartKey: attributeMap(payload.ExclusiveStartKey, 'ExclusiveStartKey'),
    FilterExpression: payload.FilterExpression,
    ProjectionExpression: payload.ProjectionExpression,
    Segment: payload.Segment,
    TotalSegments: payload.TotalSegments,
    ConsistentRead: payload.ConsistentRead,
    IndexName: payload.IndexName,
    ...expressionInput(payload),
  }
}

const create: Operation<CreatePayload> = async (store, tableName, payload) => {
  const output = await store.putItem({
    TableName: tableName,
    Item: toAttributeMapOf(payload.Item, 'Item'),
    ...conditionalWriteInput(payload),
  })
  return writeResult(output.Attributes)
}

const read: Operation<ReadPayload> = async (store, tableName, payload) => {
  const output = await store.getItem({
    TableName: tableName,
    Key: toAttributeMapOf(payload.Key, 'Key'),
    ProjectionExpression: payload.ProjectionExpression,
    ExpressionAttributeNames: attributeNames(payload.ExpressionAttributeNames),
    ConsistentRead: payload.ConsistentRead,
  })
  if (output.Item === undefined) {
    throw new NotFoundError(
      ErrorCode.ItemNotFound,
      `No item with key ${stringifyJson(payload.Key)} in table "${tableName}".`,
    )
  }
  return { Item: fromAttributeMap(output.Item) }
}

const update: Operation<UpdatePayload> = async (store, tableName, payload) => {
  const output = await store.updateItem({
    TableName: tableName,
    Key: toAttributeMapOf(payload.Key, 'Key'),
    UpdateExpression: payload.UpdateExpression,
    ...conditionalWriteInput(payload),
  })
  return writeResult(output.Attributes)
}

const remove: Operation<DeletePayload> = async (store, tableName, payload) => {
  const output = await store.deleteItem({
    TableName: tableName,
    Key: toAttributeMapOf(payload.Key, 'Key'),
    ...conditionalWriteInput(payload),
  })
  return writeResult(output.Attributes)
}

const list: Operation<ListPayload> = async (store, tableName, payload) =>
  pageResult(await store.scan({ TableName: tableName, ...pagedReadInput(payload) }))

const query: Operation<QueryPayload> = async (store, tableName, payload) =>
  pageResult(
    await store.query({
      TableName: tableName,
      KeyConditionExpression: payload.KeyConditionExpression,
      ScanIndexForward: payload.ScanIndexForward,
      ...pagedReadInput(payload),
    }),
  )

/** The operations of one table: those the envelope's tableName (or the default) applies to. */
export type TableOperationName = Exclude<OperationName, (typeof operationsWithoutTableName)[number]>

/**
 * The operation table of the contract, but for the batches (batch/batch-operations.ts), which
 * name their own tables. Each entry receives a payload that its schema has already validated
 * (see schema/validate.ts), hence the typed payloads.
 */
export const operations: { readonly [Name in TableOperationName]: Operation<never> } = {
  create,
  read,
  update,
  delete: remove,
  list,
  query,
  echo: async (_store, _tableName, payload: JsonValue) => payload,
  ping: async () => 'pong',
}

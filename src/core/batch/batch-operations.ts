import type {
  WriteRequest as DynamoDbWriteRequest,
  KeysAndAttributes,
} from '@aws-sdk/client-dynamodb'
import type { AttributeMap } from '../codec/attribute-encoding.js'
import { fromAttributeMap } from '../codec/from-attribute-value.js'
import type { JsonObject, JsonValue } from '../codec/json.js'
import { ErrorCode } from '../error-table.js'
import { BadRequestError } from '../errors.js'
import type { ItemStore } from '../item-store.js'
import { attributeNames } from '../operations.js'
// The limits from the plain list, not payloads.ts: the handler's bundle loads no TypeBox.
import { BATCH_LIMITS } from '../schema/operation-names.js'
import type { BatchReadPayload, BatchWritePayload, WriteRequest } from '../schema/payloads.js'
import {
  checkBatchSize,
  checkedTableNames,
  duplicateKeyFinder,
  keyedAttributes,
  tableField,
} from './batch-keys.js'
import type { BatchTables } from './batch-tables.js'

/**
 * batchRead (BatchGetItem) and batchWrite (BatchWriteItem). Both name their tables in
 * RequestItems, so they run with the allowlist and the tables' key schemas rather than with
 * one table. Everything is checked before anything is sent (batch-keys.ts); the store sends
 * what DynamoDB leaves unprocessed again within the deadline, and what is still not done
 * comes back in the request's own shape, for the caller to send again.
 */
type BatchOperation<Payload> = (
  store: ItemStore,
  tables: BatchTables,
  payload: Payload,
) => Promise<JsonValue>

/** DynamoDB's KeysAndAttributes back in the payload's shape: the keys in the API's encoding. */
function tableReadsOf(reads: KeysAndAttributes): JsonObject {
  const { Keys, ProjectionExpression, ExpressionAttributeNames, ConsistentRead } = reads
  return {
    Keys: ((Keys ?? []) as AttributeMap[]).map(fromAttributeMap),
    ...(ProjectionExpression === undefined ? {} : { ProjectionExpression }),
    ...(ExpressionAttributeNames === undefined ? {} : { ExpressionAttributeNames }),
    ...(ConsistentRead === undefined ? {} : { ConsistentRead }),
  }
}

/** DynamoDB's WriteRequest back in the payload's shape. */
function writeRequestOf({ PutRequest, DeleteRequest }: DynamoDbWriteRequest): JsonObject {
  if (PutRequest?.Item !== undefined)
    return { PutRequest: { Item: fromAttributeMap(PutRequest.Item) } }
  return { DeleteRequest: { Key: fromAttributeMap(DeleteRequest?.Key ?? {}) } }
}

/** Each table's entry of `byTable` made into JSON by `convert`; tables with nothing dropped. */
function mapTables<Value>(
  byTable: Record<string, Value> | undefined,
  convert: (value: Value) => JsonValue,
  isEmpty: (value: Value) => boolean,
): JsonObject {
  const answer: JsonObject = {}
  for (const [table, value] of Object.entries(byTable ?? {}))
    if (!isEmpty(value)) answer[table] = convert(value)
  return answer
}

export const batchRead: BatchOperation<BatchReadPayload> = async (store, tables, payload) => {
  const names = checkedTableNames(payload.RequestItems, tables)
  const reads = names.map((table) => [table, payload.RequestItems[table]] as const)
  const keyCount = reads.reduce((count, [, each]) => count + (each?.Keys.length ?? 0), 0)
  checkBatchSize(keyCount, BATCH_LIMITS.readKeys, 'batchRead', 'keys')
  const noteKey = duplicateKeyFinder()
  const RequestItems: Record<string, KeysAndAttributes> = {}
  for (const [table, each] of reads) {
    if (each === undefined) continue
    const keyAttributes = tables.keyAttributesOf(table)
    const Keys = each.Keys.map((key, index) => {
      const field = `${tableField(table)}.Keys[${index}]`
      const attributes = keyedAttributes(key, field, table, keyAttributes, true)
      noteKey(table, keyAttributes, attributes, field)
      return attributes
    })
    RequestItems[table] = {
      Keys,
      ProjectionExpression: each.ProjectionExpression,
      ExpressionAttributeNames: attributeNames(each.ExpressionAttributeNames),
      ConsistentRead: each.ConsistentRead,
    }
  }
  const output = await store.batchGet({ RequestItems })
  const responses = output.Responses ?? {}
  return {
    // Every table asked for is in Responses, with [] when none of its keys has an item.
    Responses: Object.fromEntries(
      names.map((table) => [table, (responses[table] ?? []).map(fromAttributeMap)]),
    ),
    UnprocessedKeys: mapTables(
      output.UnprocessedKeys,
      tableReadsOf,
      (each) => (each.Keys ?? []).length === 0,
    ),
  }
}

/** One entry of a batchWrite as DynamoDB's WriteRequest, its item or key checked. */
function dynamoDbWriteRequest(
  entry: WriteRequest,
  field: string,
  table: string,
  keyAttributes: readonly string[],
): { request: DynamoDbWriteRequest; key: { field: string; attributes: AttributeMap } } {
  const { PutRequest, DeleteRequest } = entry
  if ((PutRequest === undefined) === (DeleteRequest === undefined)) {
    throw new BadRequestError(
      ErrorCode.InvalidRequest,
      `payload.${field} must hold exactly one of PutRequest and DeleteRequest.`,
    )
  }
  if (PutRequest !== undefined) {
    const itemField = `${field}.PutRequest.Item`
    const Item = keyedAttributes(PutRequest.Item, itemField, table, keyAttributes, false)
    return { request: { PutRequest: { Item } }, key: { field: itemField, attributes: Item } }
  }
  const keyField = `${field}.DeleteRequest.Key`
  const Key = keyedAttributes(DeleteRequest?.Key, keyField, table, keyAttributes, true)
  return { request: { DeleteRequest: { Key } }, key: { field: keyField, attributes: Key } }
}

export const batchWrite: BatchOperation<BatchWritePayload> = async (store, tables, payload) => {
  const names = checkedTableNames(payload.RequestItems, tables)
  const writes = names.map((table) => [table, payload.RequestItems[table] ?? []] as const)
  const requestCount = writes.reduce((count, [, entries]) => count + entries.length, 0)
  checkBatchSize(requestCount, BATCH_LIMITS.writeRequests, 'batchWrite', 'puts and deletes')
  const noteKey = duplicateKeyFinder()
  const RequestItems: Record<string, DynamoDbWriteRequest[]> = {}
  for (const [table, entries] of writes) {
    const keyAttributes = tables.keyAttributesOf(table)
    RequestItems[table] = entries.map((entry, index) => {
      const field = `${tableField(table)}[${index}]`
      const { request, key } = dynamoDbWriteRequest(entry, field, table, keyAttributes)
      noteKey(table, keyAttributes, key.attributes, key.field)
      return request
    })
  }
  const output = await store.batchWrite({ RequestItems })
  return {
    UnprocessedItems: mapTables(
      output.UnprocessedItems,
      (requests) => requests.map(writeRequestOf),
      (requests) => requests.length === 0,
    ),
  }
}

/** The batch operations, by name: the manager runs them with the allowlist and key schemas. */
export const batchOperations = { batchRead, batchWrite } as const

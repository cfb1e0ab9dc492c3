import type { OperationName } from './operation-names.js'

/**
 * Request examples for the OpenAPI document: the original lab's sample events first, as it
 * documents them, then one for each operation it had no sample for.
 */
export const requestExamples = {
  createBob: {
    summary: "create (the lab's first sample)",
    value: {
      operation: 'create',
      tableName: 'lambda-apigateway',
      payload: { Item: { id: '1', name: 'Bob' } },
    },
  },
  readBob: {
    summary: "read (the lab's sample)",
    value: { operation: 'read', tableName: 'lambda-apigateway', payload: { Key: { id: '1' } } },
  },
  createNumber: {
    summary: "create with a number (the lab's second sample)",
    value: {
      operation: 'create',
      tableName: 'lambda-apigateway',
      payload: { Item: { id: '1234ABCD', number: 5 } },
    },
  },
  echo: {
    summary: "echo (the lab's sample)",
    value: { operation: 'echo', payload: { somekey1: 'somevalue1', somekey2: 'somevalue2' } },
  },
  update: {
    summary: 'update one attribute, returning the new item',
    value: {
      operation: 'update',
      payload: {
        Key: { id: '1' },
        UpdateExpression: 'SET #n = :n',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':n': 'Alice' },
        ReturnValues: 'ALL_NEW',
      },
    },
  },
  delete: {
    summary: 'delete, only if the item exists',
    value: {
      operation: 'delete',
      payload: { Key: { id: '1' }, ConditionExpression: 'attribute_exists(id)' },
    },
  },
  list: {
    summary: 'list: the first page of 25',
    value: { operation: 'list', payload: { Limit: 25 } },
  },
  query: {
    summary: 'query by partition key',
    value: {
      operation: 'query',
      payload: {
        KeyConditionExpression: 'id = :id',
        ExpressionAttributeValues: { ':id': '1' },
      },
    },
  },
  batchWrite: {
    summary: 'batchWrite: puts and a delete over two tables',
    value: {
      operation: 'batchWrite',
      payload: {
        RequestItems: {
          'lambda-apigateway': [
            { PutRequest: { Item: { id: '1', name: 'Bob' } } },
            { DeleteRequest: { Key: { id: '2' } } },
          ],
          orders: [
            {
              PutRequest: {
                Item: { pk: 'customer#1', sk: 'order#1', status: 'open', total: 42.5 },
              },
            },
          ],
        },
      },
    },
  },
  batchRead: {
    summary: 'batchRead: keys of two tables',
    value: {
      operation: 'batchRead',
      payload: {
        RequestItems: {
          'lambda-apigateway': { Keys: [{ id: '1' }, { id: '2' }] },
          orders: { Keys: [{ pk: 'customer#1', sk: 'order#1' }], ConsistentRead: true },
        },
      },
    },
  },
  ping: { summary: 'ping', value: { operation: 'ping' } },
  tables: {
    summary: 'tables: the declared tables, keys and indexes',
    value: { operation: 'tables' },
  },
} as const satisfies Record<
  string,
  { summary: string; value: { operation: OperationName; tableName?: string; payload?: unknown } }
>

/** Answers, one per kind of result. */
export const resultExamples = {
  write: { summary: 'create, update or delete without ReturnValues', value: {} },
  updated: {
    summary: 'update with ReturnValues ALL_NEW',
    value: { Attributes: { id: '1', name: 'Alice' } },
  },
  read: { summary: 'read', value: { Item: { id: '1', name: 'Bob' } } },
  page: {
    summary: 'list or query: one page, with the cursor of the next',
    value: {
      Items: [
        { id: '1', name: 'Bob' },
        { id: '1234ABCD', number: 5 },
      ],
      Count: 2,
      ScannedCount: 2,
      LastEvaluatedKey: { id: '1234ABCD' },
    },
  },
  batchRead: {
    summary: 'batchRead: what was read, and the keys not read in time',
    value: {
      Responses: {
        'lambda-apigateway': [{ id: '1', name: 'Bob' }],
        orders: [{ pk: 'customer#1', sk: 'order#1', status: 'open', total: 42.5 }],
      },
      UnprocessedKeys: {},
    },
  },
  batchWrite: {
    summary: 'batchWrite: one put not done in time, to send again',
    value: {
      UnprocessedItems: {
        orders: [{ PutRequest: { Item: { pk: 'customer#1', sk: 'order#2', status: 'open' } } }],
      },
    },
  },
  echo: { summary: 'echo', value: { somekey1: 'somevalue1', somekey2: 'somevalue2' } },
  ping: { summary: 'ping', value: 'pong' },
  tables: {
    summary: 'tables',
    value: {
      Tables: [
        {
          name: 'orders',
          partitionKey: { name: 'pk', type: 'S' },
          sortKey: { name: 'sk', type: 'S' },
          globalIndexes: [
            { name: 'byStatus', partitionKey: { name: 'status', type: 'S' }, projection: 'ALL' },
          ],
          localIndexes: [
            { name: 'byTotal', sortKey: { name: 'total', type: 'N' }, projection: 'KEYS_ONLY' },
          ],
          ttlAttribute: 'expiresAt',
        },
        { name: 'lambda-apigateway', partitionKey: { name: 'id', type: 'S' } },
      ],
      DefaultTable: 'orders',
    },
  },
} as const

import { readFile } from 'node:fs/promises'
import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadServiceConfig } from '../../src/config/service-config.js'
import { type JsonObject, stringifyJson } from '../../src/core/codec/json.js'
import { createLambdaHandler } from '../../src/lambda/lambda-handler.js'
import { type RunningGateway, startGateway } from '../../src/local/gateway.js'
import { composeService } from '../../src/service/compose-service.js'
import { parseTableDeclarations, tableDeclarationsJson } from '../../src/table/declarations.js'
import {
  keyAttributeDefinitionsOf,
  TABLE,
  type TableDefinition,
} from '../../src/table/definition.js'
import { startTestEngine, type TestEngine } from '../support/embedded-engine.js'
import { recordingLog } from '../support/recording-log.js'

/*
 * batchWrite and batchRead through the whole service, over a real socket, against the
 * embedded engine: the lab's table and examples/tables.json's `orders` (a sort key).
 */

let engine: TestEngine
let gateway: RunningGateway
let orders: TableDefinition

/** Creates a declared table on the engine: its key schema is all a batch needs. */
async function createDeclaredTable(table: TableDefinition) {
  await engine.client.send(
    new CreateTableCommand({
      TableName: table.tableName,
      KeySchema: [
        { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
        ...(table.sortKey === undefined
          ? []
          : [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' as const }]),
      ],
      AttributeDefinitions: keyAttributeDefinitionsOf({
        ...table,
        globalIndexes: [],
        localIndexes: [],
      }).map(({ name, type }) => ({ AttributeName: name, AttributeType: type })),
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
}

beforeAll(async () => {
  const file = JSON.parse(
    await readFile(new URL('../../examples/tables.json', import.meta.url), 'utf8'),
  )
  const [declared] = parseTableDeclarations(file, 'examples/tables.json')
  if (declared === undefined) throw new Error('examples/tables.json declares no table')
  orders = declared
  engine = await startTestEngine()
  await createDeclaredTable(orders)
  // The service as `npm start` runs it with a tables file declaring both tables.
  const env = {
    DYNAMODB_ENDPOINT: engine.endpoint.href,
    // `lab-missing` is declared, so allowed, but never created.
    TABLES: tableDeclarationsJson([TABLE, orders, { ...TABLE, tableName: 'lab-missing' }]),
  }
  const log = recordingLog()
  gateway = await startGateway({
    handler: createLambdaHandler(composeService(loadServiceConfig(env), { env, log })),
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 1024 * 1024,
    log,
  })
})

afterAll(async () => {
  await gateway?.stop(0)
  await engine?.stop()
})

/** POSTs a body to the gateway, answering the status and the body's text (digits intact). */
async function post(body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL('/Prod/DynamoDBManager', gateway.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  })
  return { status: response.status, text: await response.text() }
}

const LONG = '12345678901234567890.123456789'

async function itemsOf(tableName: string) {
  const { Items = [] } = await engine.client.send(new ScanCommand({ TableName: tableName }))
  return Items
}

describe('batchWrite then batchRead over two tables, against the embedded engine', () => {
  it('writes puts and deletes in one request, and reads them back with every digit', async () => {
    // Prepare: an item the batch deletes.
    await post(
      stringifyJson({ operation: 'create', payload: { Item: { id: 'gone', name: 'Old' } } }),
    )

    // Act
    const written = await post(
      `{"operation":"batchWrite","payload":{"RequestItems":{
        "lambda-apigateway":[{"PutRequest":{"Item":{"id":"b1","name":"Bob","n":${LONG}}}},
                             {"DeleteRequest":{"Key":{"id":"gone"}}}],
        "orders":[{"PutRequest":{"Item":{"pk":"c#1","sk":"o#1","status":"open","total":42.5}}},
                  {"PutRequest":{"Item":{"pk":"c#1","sk":"o#2","status":"shipped","tags":{"$SS":["a","b"]}}}}]}}}`,
    )
    const read = await post(
      stringifyJson({
        operation: 'batchRead',
        payload: {
          RequestItems: {
            'lambda-apigateway': { Keys: [{ id: 'b1' }, { id: 'gone' }] },
            orders: {
              Keys: [
                { pk: 'c#1', sk: 'o#1' },
                { pk: 'c#1', sk: 'o#2' },
              ],
              ConsistentRead: true,
            },
          },
        },
      }),
    )

    // Assess
    expect(written).toEqual({ status: 200, text: '{"UnprocessedItems":{}}' })
    expect(read.status).toBe(200)
    expect(read.text).toContain(`"n":${LONG}`)
    const answer = JSON.parse(read.text)
    expect(answer.UnprocessedKeys).toEqual({})
    expect(answer.Responses['lambda-apigateway']).toEqual([
      { id: 'b1', name: 'Bob', n: Number(LONG) },
    ])
    const byKey = (a: { sk: string }, b: { sk: string }) => a.sk.localeCompare(b.sk)
    expect(answer.Responses.orders.sort(byKey)).toEqual([
      { pk: 'c#1', sk: 'o#1', status: 'open', total: 42.5 },
      { pk: 'c#1', sk: 'o#2', status: 'shipped', tags: { $SS: ['a', 'b'] } },
    ])
  })

  it.each<{ why: string; bad: JsonObject; code: string; message: RegExp }>([
    {
      why: 'one bad entry among good ones, named by the service',
      bad: { pk: 'c#9', total: 1 },
      code: 'InvalidRequest',
      message:
        /^payload.RequestItems.orders\[1\].PutRequest.Item lacks the key attribute "sk" of table "orders"/,
    },
    {
      why: "a key of the wrong type, DynamoDB's own refusal",
      bad: { pk: 'c#9', sk: 5 },
      code: 'ValidationError',
      message: /./,
    },
  ])('refuses a batch with $why as a 400, and writes nothing', async ({ bad, code, message }) => {
    // Prepare
    const before = await itemsOf('orders')

    // Act
    const refused = await post(
      stringifyJson({
        operation: 'batchWrite',
        payload: {
          RequestItems: {
            orders: [
              { PutRequest: { Item: { pk: 'c#9', sk: 'o#1' } } },
              { PutRequest: { Item: bad } },
            ],
          },
        },
      }),
    )

    // Assess
    expect(refused.status).toBe(400)
    expect(JSON.parse(refused.text)).toMatchObject({
      code,
      message: expect.stringMatching(message),
    })
    expect(await itemsOf('orders')).toEqual(before)
  })

  it('refuses a table outside the allowlist before anything is written', async () => {
    // Act
    const refused = await post(
      stringifyJson({
        operation: 'batchWrite',
        payload: {
          RequestItems: {
            'lambda-apigateway': [{ PutRequest: { Item: { id: 'never' } } }],
            'lab-extra': [{ PutRequest: { Item: { id: 'never' } } }],
          },
        },
      }),
    )

    // Assess
    expect(refused.status).toBe(400)
    expect(JSON.parse(refused.text).message).toMatch(/"lab-extra"/)
    expect(await itemsOf('lambda-apigateway')).not.toContainEqual(
      expect.objectContaining({ id: { S: 'never' } }),
    )
  })

  it('answers 404 TableNotFound naming the tables when an allowed table does not exist', async () => {
    // Act
    const answer = await post(
      stringifyJson({
        operation: 'batchRead',
        payload: {
          RequestItems: {
            'lambda-apigateway': { Keys: [{ id: 'b1' }] },
            'lab-missing': { Keys: [{ id: 'b1' }] },
          },
        },
      }),
    )

    // Assess
    expect(answer.status).toBe(404)
    expect(JSON.parse(answer.text)).toMatchObject({
      code: 'TableNotFound',
      message: 'Table "lambda-apigateway" or "lab-missing" does not exist (or is not active yet).',
    })
  })
})

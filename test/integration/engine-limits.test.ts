import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../support/embedded-engine.js'

/**
 * What docs/api.md ("What the embedded engine cannot do") says dynalite lacks, tried against
 * it: if an upgrade adds one, this fails and the page must change. The local stack fakes none.
 */
describe('what the embedded engine (dynalite) cannot do', () => {
  const TABLE = 'engine-limits'
  let engine: TestEngine

  beforeAll(async () => {
    engine = await startTestEngine()
    await engine.client.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    )
  })

  afterAll(async () => {
    await engine?.stop()
  })

  const key = { id: { S: 'limits-1' } }

  it.each([
    [
      'TransactWriteItems',
      () =>
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: TABLE, Item: key } }],
        }),
    ],
    [
      'TransactGetItems',
      () =>
        new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: TABLE, Key: key } }] }),
    ],
    [
      'ExecuteStatement (PartiQL)',
      () => new ExecuteStatementCommand({ Statement: `SELECT * FROM "${TABLE}"` }),
    ],
    [
      'BatchExecuteStatement (PartiQL)',
      () =>
        new BatchExecuteStatementCommand({
          Statements: [{ Statement: `SELECT * FROM "${TABLE}"` }],
        }),
    ],
    [
      'ExecuteTransaction (PartiQL)',
      () =>
        new ExecuteTransactionCommand({
          TransactStatements: [{ Statement: `SELECT * FROM "${TABLE}"` }],
        }),
    ],
    [
      'UpdateTimeToLive',
      () =>
        new UpdateTimeToLiveCommand({
          TableName: TABLE,
          TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
        }),
    ],
  ])('does not know %s: an UnknownOperationException', async (_name, command) => {
    // Act
    // biome-ignore lint/suspicious/noExplicitAny: each command has its own output type
    const failure = await engine.client.send(command() as any).catch((error: unknown) => error)

    // Assess
    expect(failure).toMatchObject({ name: 'UnknownOperationException' })
  })

  it('answers DescribeTimeToLive with DISABLED, and keeps an item whose TTL is long past', async () => {
    // Prepare: expired in 2001, which DynamoDB would have deleted long ago.
    await engine.client.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key, expiresAt: { N: '1000000000' } } }),
    )

    // Act
    const ttl = await engine.client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }))
    const read = await engine.client.send(new GetItemCommand({ TableName: TABLE, Key: key }))

    // Assess
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' })
    expect(read.Item?.expiresAt).toEqual({ N: '1000000000' })
  })

  it('takes a StreamSpecification at CreateTable and makes no stream of it', async () => {
    // Act
    const { Table } = await engine.client.send(new DescribeTableCommand({ TableName: TABLE }))

    // Assess
    expect(Table?.TableStatus).toBe('ACTIVE')
    expect(Table?.StreamSpecification).toBeUndefined()
    expect(Table?.LatestStreamArn).toBeUndefined()
  })

  it('answers an UpdateTable that adds a global index with success, and creates no index', async () => {
    // Act
    await engine.client.send(
      new UpdateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'colour', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: 'byColour',
              KeySchema: [{ AttributeName: 'colour', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'ALL' },
              ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            },
          },
        ],
      }),
    )

    // Assess
    const { Table } = await engine.client.send(new DescribeTableCommand({ TableName: TABLE }))
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined()
  })

  it('does not serve the DynamoDB Streams API', async () => {
    // Act: the Streams API's own target, signed as the SDK would (dynalite checks no signature).
    const response = await fetch(engine.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDBStreams_20120810.ListStreams',
        'x-amz-date': '20260101T000000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    })

    // Assess
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('UnknownOperationException')
  })
})

import type { AddressInfo } from 'node:net'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import dynalite from 'dynalite'
import type { DynamoDbClient } from '../../src/dynamodb/client.js'
import { createDynamoDbClient } from '../../src/dynamodb/create-client.js'
import { environmentCredentials } from '../../src/dynamodb/environment-credentials.js'
import { ensureTable } from '../../src/local/ensure-table.js'
import { TABLE } from '../../src/table/definition.js'

export interface TestEngine {
  readonly endpoint: URL
  /** A plain SDK client on the engine: "another client" that writes behind the API's back. */
  readonly client: DynamoDBClient
  createTable(name: string): Promise<void>
  stop(): Promise<void>
}

/** A plain SDK client on an engine (this one, or a local stack's): another client than the API. */
export function sdkClient(endpoint: URL): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: endpoint.href,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
}

/** The project's own DynamoDB client on the engine, one attempt per call: what the bootstrap uses. */
export function projectClient(endpoint: URL): DynamoDbClient {
  return createDynamoDbClient(
    {
      dynamoDbEndpoint: endpoint,
      region: 'us-east-1',
      dynamoDbTimeoutMs: 5000,
      dynamoDbMaxAttempts: 1,
    },
    {},
    environmentCredentials({}),
  )
}

/**
 * A real dynalite, in memory, on a free port of 127.0.0.1, with the lab's table created by
 * the same bootstrap the local stack uses.
 */
export async function startTestEngine(): Promise<TestEngine> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  const client = sdkClient(endpoint)
  // The table is made as the local stack makes it: through the project's own client.
  const bootstrapClient = projectClient(endpoint)
  const createTable = async (name: string) => {
    await ensureTable(bootstrapClient, TABLE, name)
  }
  const stop = async () => {
    client.destroy()
    bootstrapClient.destroy()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  // An engine whose table could not be made is stopped: the caller gets no engine to stop.
  await createTable(TABLE.tableName).catch(async (error: unknown) => {
    await stop()
    throw error
  })
  return { endpoint, client, createTable, stop }
}

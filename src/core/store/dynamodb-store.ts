import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { translateDynamoDbError } from './dynamodb-errors.js'
import type { ItemStore } from './item-store.js'

async function call<Output>(
  tableName: string | undefined,
  send: () => Promise<Output>,
): Promise<Output> {
  try {
    return await send()
  } catch (error) {
    throw translateDynamoDbError(error, tableName ?? '')
  }
}

/**
 * The ItemStore over a DynamoDB client (DynamoDB itself, the embedded engine, or any
 * compatible endpoint). The client is the caller's: built once per process by an entry file.
 */
export function createDynamoDbStore(client: DynamoDBClient): ItemStore {
  return {
    putItem: (input) => call(input.TableName, () => client.send(new PutItemCommand(input))),
    getItem: (input) => call(input.TableName, () => client.send(new GetItemCommand(input))),
    updateItem: (input) => call(input.TableName, () => client.send(new UpdateItemCommand(input))),
    deleteItem: (input) => call(input.TableName, () => client.send(new DeleteItemCommand(input))),
    scan: (input) => call(input.TableName, () => client.send(new ScanCommand(input))),
    query: (input) => call(input.TableName, () => client.send(new QueryCommand(input))),
  }
}

import type {
  BatchGetItemCommandInput,
  BatchGetItemCommandOutput,
  BatchWriteItemCommandInput,
  BatchWriteItemCommandOutput,
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  GetItemCommandInput,
  GetItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb'

/**
 * The DynamoDB calls the API makes, at the level of DynamoDB's own AttributeValues. The
 * core talks to this interface only; `createDynamoDbStore` is the one implementation that
 * reaches DynamoDB, and it is where SDK errors become the API's errors.
 */
export interface ItemStore {
  putItem(input: PutItemCommandInput): Promise<PutItemCommandOutput>
  getItem(input: GetItemCommandInput): Promise<GetItemCommandOutput>
  updateItem(input: UpdateItemCommandInput): Promise<UpdateItemCommandOutput>
  deleteItem(input: DeleteItemCommandInput): Promise<DeleteItemCommandOutput>
  scan(input: ScanCommandInput): Promise<ScanCommandOutput>
  query(input: QueryCommandInput): Promise<QueryCommandOutput>
  /**
   * BatchGetItem, with DynamoDB's UnprocessedKeys sent again (with backoff) for as long as the
   * request's deadline allows: `Responses` holds every item read by all the rounds, and
   * `UnprocessedKeys` what was still not read, absent or empty when all were.
   */
  batchGet(input: BatchGetItemCommandInput): Promise<BatchGetItemCommandOutput>
  /** BatchWriteItem, likewise: `UnprocessedItems` holds what was still not done. */
  batchWrite(input: BatchWriteItemCommandInput): Promise<BatchWriteItemCommandOutput>
}

/**
 * The package's public API: a typed client of the DynamoDBManager API.
 *
 * @example
 * import { createClient, sigV4Auth } from 'serverless-lab'
 * const client = createClient({ url: process.env.API_URL ?? 'http://127.0.0.1:3000' })
 */
export { LosslessNumber } from 'lossless-json'
export { ErrorCode } from '../core/error-table.js'
export {
  BATCH_LIMITS,
  type OperationName,
  operationNames,
} from '../core/schema/operation-names.js'
export type {
  AttributesInput,
  BatchReadRequest,
  BatchReadResult,
  BatchWriteRequest,
  BatchWriteResult,
  CreateRequest,
  DeclaredTable,
  DeleteRequest,
  JsonInput,
  ListRequest,
  PageResult,
  QueryRequest,
  ReadRequest,
  ReadResult,
  RequestOf,
  TableReadsRequest,
  TablesResult,
  UpdateRequest,
  WriteRequestInput,
  WriteResult,
} from './api-types.js'
export {
  type BatchCallOptions,
  type CallOptions,
  type ClientOptions,
  createClient,
  type DynamoDBManagerClient,
  endpointUrl,
  type JsonObject,
  type JsonValue,
} from './client.js'
export { type ClientErrorCode, DynamoDBManagerError } from './errors.js'
export { apiKeyAuth, type OutgoingRequest, type RequestSigner } from './request-signer.js'
export { type SigV4AuthOptions, sigV4Auth } from './sigv4.js'

/**
 * The package's public API: a typed client of the DynamoDBManager API.
 *
 * @example
 * import { createClient, sigV4Auth } from 'serverless-lab'
 * const client = createClient({ url: process.env.API_URL ?? 'http://127.0.0.1:3000' })
 */
export { LosslessNumber } from 'lossless-json'
export { ErrorCode } from '../core/error-table.js'
export { type OperationName, operationNames } from '../core/schema/payloads.js'
export {
  type AttributesInput,
  type CallOptions,
  type ClientOptions,
  type CreateRequest,
  createClient,
  type DeleteRequest,
  type DynamoDBManagerClient,
  endpointUrl,
  type JsonInput,
  type JsonObject,
  type JsonValue,
  type ListRequest,
  type PageResult,
  type QueryRequest,
  type ReadRequest,
  type ReadResult,
  type RequestOf,
  type UpdateRequest,
  type WriteResult,
} from './client.js'
export { type ClientErrorCode, DynamoDBManagerError } from './errors.js'
export { apiKeyAuth, type OutgoingRequest, type RequestSigner } from './request-signer.js'
export { type SigV4AuthOptions, sigV4Auth } from './sigv4.js'

import type { ClientErrorCode } from '../client/errors.js'
import { DynamoDBManagerError } from '../client/errors.js'

/** Every code the API (or the way to it) can answer, in words a person can act on. */
const words: Readonly<Record<ClientErrorCode, string>> = {
  InvalidJson: 'The request was not valid JSON.',
  InvalidRequest: 'The request is not one the API accepts.',
  UnknownOperation: 'The API does not know this operation.',
  UnknownPayloadKey: 'The request has a field this operation does not take.',
  UnknownIndex: 'The table has no index of this name.',
  ValidationError:
    'DynamoDB refused the request: check the key attributes, the expressions and their values.',
  // The local gateway, which serves the console, takes no credentials but its API key.
  Unauthorized: 'The API wants an API key: enter it above and choose Open.',
  Forbidden: 'The API refused the API key: check it and choose Open again.',
  TableNotAllowed: 'This table is not one the API serves.',
  ItemNotFound: 'There is no item with this key (any more).',
  TableNotFound: 'This table does not exist.',
  RouteNotFound: 'The API has no such path.',
  MethodNotAllowed: 'The API does not take this method here.',
  ConditionalCheckFailed: 'The condition of the write was not met, so nothing was changed.',
  TransactionConflict: 'Another request changed the item at the same time; try again.',
  PayloadTooLarge: 'The item is too large: DynamoDB items are at most 400 KB.',
  UnsupportedMediaType: 'The request was not sent as JSON.',
  Throttled: 'Too many requests right now; wait a moment and try again.',
  ServiceUnavailable: 'DynamoDB is not answering; try again in a moment.',
  InternalError: 'The API failed unexpectedly; the details are in its log.',
  NetworkError: 'The API could not be reached. Is npm start still running?',
  InvalidResponse: 'The answer did not come from the API.',
  CredentialsError: 'No AWS credentials could be loaded to sign the request.',
}

export interface ErrorInWords {
  readonly title: string
  readonly explanation: string
  /** The server's own message, code, status and request id, for a bug report. */
  readonly detail: string
}

/** Any failure of an action, said in words: what failed, why, and the facts to quote. */
export function errorInWords(error: unknown, action: string): ErrorInWords {
  const title = `Could not ${action}.`
  if (!(error instanceof DynamoDBManagerError))
    return {
      title,
      explanation: error instanceof Error ? error.message : String(error),
      detail: '',
    }
  const facts = [
    error.code,
    error.status === 0 ? 'no answer' : `HTTP ${error.status}`,
    ...(error.requestId === undefined ? [] : [`request id ${error.requestId}`]),
  ]
  return {
    title,
    explanation: words[error.code] ?? error.code,
    detail: `${error.message} (${facts.join(' · ')})`,
  }
}

/** A request about to be sent, as a signer sees it. */
export interface OutgoingRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Adds authentication to a request: returns the headers to send, the given ones included.
 * `apiKeyAuth` and `sigV4Auth` (in './sigv4.js') are the two a deployed API takes.
 */
export type RequestSigner = (request: OutgoingRequest) => Promise<Record<string, string>>

/**
 * Sends an API Gateway API key, in the header API Gateway reads it from.
 *
 * @example
 * createClient({ url, signer: apiKeyAuth(process.env.API_KEY ?? '') })
 */
export function apiKeyAuth(apiKey: string): RequestSigner {
  return async ({ headers }) => ({ ...headers, 'x-api-key': apiKey })
}

/**
 * An HTTP request as the API sees it, whichever gateway delivered it: API Gateway's REST
 * (v1) or HTTP (v2) proxy events and the local gateway are all turned into this shape.
 */
export interface HttpRequest {
  readonly method: string
  /** The resource path without the stage, e.g. `/DynamoDBManager`. */
  readonly path: string
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string | null
  /** True when `body` is base64 (API Gateway binary media types; the local gateway for non-UTF-8). */
  readonly isBase64Encoded: boolean
  readonly requestId: string
}

/** Header names lower-cased: API Gateway keeps the client's casing, HTTP says it does not matter. */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
): Record<string, string | undefined> {
  const lowered: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(headers ?? {})) lowered[name.toLowerCase()] = value
  return lowered
}

import type { IncomingHttpHeaders } from 'node:http'
import type { APIGatewayProxyEvent } from 'aws-lambda'

/** The stage the deployed API uses; the local gateway answers with and without it. */
export const STAGE = 'Prod'

interface RouteTarget {
  /** The resource path as API Gateway would report it, e.g. `/DynamoDBManager`. */
  readonly resource: string
  /** The stage named in the URL, or undefined for a stage-less path. */
  readonly stage: string | undefined
}

/** `/Prod/DynamoDBManager` → resource `/DynamoDBManager`, stage `Prod`. */
export function splitStage(pathname: string): RouteTarget {
  const prefix = `/${STAGE}`
  if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
    return { resource: pathname.slice(prefix.length) || '/', stage: STAGE }
  }
  return { resource: pathname, stage: undefined }
}

export interface ProxyEventInput {
  readonly method: string
  readonly url: URL
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
  readonly requestId: string
  readonly sourceIp: string
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The API Gateway REST proxy event (v1) for a request, as API Gateway would build it for a
 * Lambda proxy integration: the handler cannot tell the local gateway from the real one.
 * A body that is not valid UTF-8 is passed base64-encoded, as API Gateway does for binary
 * media types, so that the handler can refuse it instead of reading replacement characters.
 */
export function toProxyEvent({
  method,
  url,
  headers,
  body,
  requestId,
  sourceIp,
}: ProxyEventInput): APIGatewayProxyEvent {
  const { resource, stage } = splitStage(url.pathname)
  const singleHeaders: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const values = Array.isArray(value) ? value : [value]
    multiValueHeaders[name] = values
    singleHeaders[name] = values[values.length - 1] ?? ''
  }
  const query: Record<string, string> = {}
  const multiQuery: Record<string, string[]> = {}
  for (const [name, value] of url.searchParams) {
    query[name] = value
    multiQuery[name] = [...(multiQuery[name] ?? []), value]
  }
  let text: string | null = null
  let isBase64Encoded = false
  if (body.byteLength > 0) {
    try {
      text = strictUtf8.decode(body)
    } catch {
      text = body.toString('base64')
      isBase64Encoded = true
    }
  }
  const hasQuery = url.search !== ''
  return {
    resource,
    path: resource,
    httpMethod: method,
    headers: singleHeaders,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    body: text,
    isBase64Encoded,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp,
        user: null,
        userAgent: singleHeaders['user-agent'] ?? null,
        userArn: null,
      },
      path: url.pathname,
      stage: stage ?? '$default',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: resource,
    },
  }
}

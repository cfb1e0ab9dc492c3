import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
} from 'aws-lambda'
import { isRecord } from '../core/codec/json.js'
import type { ApiResponse } from '../http/api-response.js'
import { type HttpRequest, lowerCaseHeaders } from '../http/request.js'

/**
 * API Gateway's side of the Lambda adapter: the event shapes the handler accepts, told apart
 * by type guards as Hono's Lambda adapter does (REST API proxy events (v1), HTTP API events
 * (v2), and the bare envelope of a direct invocation, a console test event or `aws lambda
 * invoke`), each turned into the HTTP API's request; and the proxy result it answers with.
 */

export function isRestApiEvent(event: unknown): event is APIGatewayProxyEvent {
  return isRecord(event) && typeof event.httpMethod === 'string' && isRecord(event.requestContext)
}

export function isHttpApiEvent(event: unknown): event is APIGatewayProxyEventV2 {
  return (
    isRecord(event) &&
    event.version === '2.0' &&
    isRecord(event.requestContext) &&
    isRecord(event.requestContext.http)
  )
}

/** A direct invocation: the envelope itself, `{"operation": ...}`, as the original lab took. */
export function isDirectInvocation(event: unknown): event is Record<string, unknown> {
  return isRecord(event) && 'operation' in event && !('requestContext' in event)
}

export function fromRestApiEvent(
  event: APIGatewayProxyEvent,
  fallbackRequestId: string,
): HttpRequest {
  // `resource` is the route as defined on the API; `path` may carry a custom domain's base
  // path, so routing goes by the resource, with a proxy resource's parameter filled in.
  const proxy = event.pathParameters?.proxy
  const path =
    event.resource && !event.resource.includes('{')
      ? event.resource
      : event.resource?.includes('{proxy+}') && proxy !== undefined
        ? event.resource.replace('{proxy+}', proxy)
        : event.path
  return {
    method: event.httpMethod.toUpperCase(),
    path,
    headers: lowerCaseHeaders(event.headers),
    // API Gateway sends null, not an empty string, for a request without a body.
    body: event.body ?? null,
    isBase64Encoded: event.isBase64Encoded === true,
    requestId: event.requestContext.requestId || fallbackRequestId,
  }
}

export function fromHttpApiEvent(
  event: APIGatewayProxyEventV2,
  fallbackRequestId: string,
): HttpRequest {
  const { stage, http, requestId } = event.requestContext
  // A route key ("POST /DynamoDBManager") names the route whatever the stage or a custom
  // domain's mapping put in front of the path; the $default route has only the path, with
  // a named stage as its first segment.
  const [, routePath] = event.routeKey?.split(' ') ?? []
  const stagePrefix = stage && stage !== '$default' ? `/${stage}` : ''
  const rawPath = event.rawPath ?? http.path
  const path =
    routePath?.startsWith('/') && !routePath.includes('{')
      ? routePath
      : stagePrefix && rawPath.startsWith(`${stagePrefix}/`)
        ? rawPath.slice(stagePrefix.length)
        : rawPath
  return {
    method: http.method.toUpperCase(),
    path,
    headers: lowerCaseHeaders(event.headers),
    body: event.body ?? null,
    isBase64Encoded: event.isBase64Encoded === true,
    requestId: requestId || fallbackRequestId,
  }
}

/** An answer as API Gateway's proxy integration takes it (always text: JSON). */
export function toProxyResult(response: ApiResponse): APIGatewayProxyResult {
  return {
    statusCode: response.statusCode,
    headers: { ...response.headers },
    body: response.body,
    isBase64Encoded: false,
  }
}

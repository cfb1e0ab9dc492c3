import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway'
import {
  ERROR_TABLE,
  ErrorCode,
  INTERNAL_ERROR_MESSAGE,
  RETRY_AFTER_SECONDS,
} from '../../src/core/error-table.js'
import { BASE_HEADERS } from '../../src/core/schema/response-headers.js'

/**
 * What API Gateway answers on its own (before or instead of the handler), rewritten into the
 * API's error shape `{"code", "message", "requestId"}` so that a client parses one shape
 * whoever answered. Gateway response templates are not VTL: only `$context` variables are
 * substituted. `$context.error.messageString` is the gateway's message already in quotes.
 */

/** The gateway's own message, quoted by API Gateway. */
const GATEWAY_MESSAGE = '$context.error.messageString'

interface GatewayError {
  readonly type: ResponseType
  readonly code: ErrorCode
  /** A JSON string literal, or GATEWAY_MESSAGE. */
  readonly message: string
  /**
   * Overrides the status API Gateway sends for the type, where that is not the code's own
   * (a test checks every answer's status against the error table).
   */
  readonly statusCode?: string
  /** Retry-After, for a code whose answers carry it. @default RETRY_AFTER_SECONDS */
  readonly retryAfterSeconds?: number
}

const literal = (text: string) => JSON.stringify(text)

interface GatewayErrorOptions {
  /** Whether requests are signed with SigV4 (IAM auth). */
  readonly iamAuth: boolean
  /** The usage plan's quota period in seconds, when API keys are on: the longest wait. */
  readonly quotaPeriodSeconds?: number
}

/**
 * The gateway responses of the API, one per response type whose meaning has a code in the
 * contract. The DEFAULT_4XX and DEFAULT_5XX entries catch every other type.
 *
 * @example
 * gatewayErrors({ iamAuth: true }).find((each) => each.type === ResponseType.THROTTLED)
 * // → { code: 'Throttled', message: '"Too many requests: …"', … }
 */
function gatewayErrors({ iamAuth, quotaPeriodSeconds }: GatewayErrorOptions): GatewayError[] {
  return [
    { type: ResponseType.DEFAULT_4XX, code: ErrorCode.InvalidRequest, message: GATEWAY_MESSAGE },
    {
      type: ResponseType.DEFAULT_5XX,
      code: ErrorCode.InternalError,
      message: literal(INTERNAL_ERROR_MESSAGE),
    },
    {
      type: ResponseType.BAD_REQUEST_BODY,
      code: ErrorCode.InvalidRequest,
      // API Gateway's validator found the body not to match the request model. Its details
      // ($context.error.validationErrorString) hold unescaped quotes and would break the
      // JSON, so the answer gives the gateway's own quoted message only.
      message: GATEWAY_MESSAGE,
    },
    {
      type: ResponseType.THROTTLED,
      code: ErrorCode.Throttled,
      message: literal('Too many requests: the API is throttled. Retry after Retry-After seconds.'),
    },
    {
      type: ResponseType.QUOTA_EXCEEDED,
      code: ErrorCode.Throttled,
      message: literal(
        "The API key's request quota for this period is used up. Retry in the next period.",
      ),
      retryAfterSeconds: quotaPeriodSeconds ?? 86_400,
    },
    {
      type: ResponseType.REQUEST_TOO_LARGE,
      code: ErrorCode.PayloadTooLarge,
      message: literal("The request is over API Gateway's 10 MB limit."),
    },
    {
      type: ResponseType.UNSUPPORTED_MEDIA_TYPE,
      code: ErrorCode.UnsupportedMediaType,
      message: GATEWAY_MESSAGE,
    },
    { type: ResponseType.UNAUTHORIZED, code: ErrorCode.Unauthorized, message: GATEWAY_MESSAGE },
    { type: ResponseType.ACCESS_DENIED, code: ErrorCode.Forbidden, message: GATEWAY_MESSAGE },
    { type: ResponseType.INVALID_SIGNATURE, code: ErrorCode.Forbidden, message: GATEWAY_MESSAGE },
    { type: ResponseType.EXPIRED_TOKEN, code: ErrorCode.Forbidden, message: GATEWAY_MESSAGE },
    { type: ResponseType.INVALID_API_KEY, code: ErrorCode.Forbidden, message: GATEWAY_MESSAGE },
    // With waf=true: the web ACL blocked the request (docs/operations.md, "WAF").
    {
      type: ResponseType.WAF_FILTERED,
      code: ErrorCode.Forbidden,
      message: literal('Refused by the web application firewall.'),
    },
    // API Gateway answers an unknown path with "Missing Authentication Token" (403). With
    // IAM auth it cannot be told from an unsigned request; without, it is an unknown route.
    iamAuth
      ? {
          type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
          code: ErrorCode.Forbidden,
          message: literal(
            'Missing authentication: sign the request with AWS SigV4. Or no such route: use POST /Prod/DynamoDBManager or GET /Prod/health.',
          ),
        }
      : {
          type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
          code: ErrorCode.RouteNotFound,
          message: literal('No such route. Use POST /Prod/DynamoDBManager or GET /Prod/health.'),
          statusCode: '404',
        },
    {
      type: ResponseType.RESOURCE_NOT_FOUND,
      code: ErrorCode.RouteNotFound,
      message: GATEWAY_MESSAGE,
    },
  ]
}

/**
 * The body template of one gateway error, in the API's error shape.
 *
 * @example
 * gatewayErrorTemplate({ type: ResponseType.THROTTLED, code: 'Throttled', message: '"Slow down."' })
 * // → '{"code":"Throttled","message":"Slow down.","requestId":"$context.requestId"}'
 */
function gatewayErrorTemplate(error: GatewayError): string {
  return `{"code":${literal(error.code)},"message":${error.message},"requestId":"$context.requestId"}`
}

/**
 * The headers of a gateway error: those every answer of the handler carries (except the
 * content type, which the template's key sets), Retry-After where the error table says the
 * code's answers carry it, and CORS's allowed origin.
 * Gateway response header values are mapping expressions: a static value is single-quoted.
 *
 * @example
 * gatewayErrorHeaders(throttled, undefined)['Retry-After'] // → "'1'"
 */
function gatewayErrorHeaders(
  error: GatewayError,
  allowOrigin: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(BASE_HEADERS)) {
    // A static mapping value is single-quoted and cannot hold single quotes itself, which
    // the Content-Security-Policy does ('none'); the handler's own answers carry it.
    if (name !== 'Content-Type' && !value.includes("'")) headers[name] = `'${value}'`
  }
  if (ERROR_TABLE[error.code].retryAfter)
    headers['Retry-After'] = `'${error.retryAfterSeconds ?? RETRY_AFTER_SECONDS}'`
  if (allowOrigin !== undefined) headers['Access-Control-Allow-Origin'] = `'${allowOrigin}'`
  return headers
}

/**
 * Adds the gateway errors to an API.
 *
 * @example
 * addGatewayErrors(api, { iamAuth: true }, undefined)
 */
export function addGatewayErrors(
  api: RestApi,
  options: GatewayErrorOptions,
  allowOrigin: string | undefined,
): void {
  for (const error of gatewayErrors(options)) {
    api.addGatewayResponse(error.type.responseType, {
      type: error.type,
      statusCode: error.statusCode,
      responseHeaders: gatewayErrorHeaders(error, allowOrigin),
      templates: { 'application/json': gatewayErrorTemplate(error) },
    })
  }
}

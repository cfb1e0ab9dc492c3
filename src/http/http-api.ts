import { parseJson } from '../core/codec/request-json.js'
import { ErrorCode } from '../core/error-table.js'
import { asLoggedApiError, MethodNotAllowedError, NotFoundError } from '../core/errors.js'
import type { Log } from '../core/log.js'
import type { Manager } from '../core/manager.js'
import { parseEnvelope } from '../core/schema/validate.js'
import { type ApiResponse, errorResponse, jsonResponse } from './api-response.js'
import { checkContentType, readBodyText } from './body.js'
import { corsHeaders } from './cors.js'
import type { HttpRequest } from './request.js'

export interface HttpApiOptions {
  readonly manager: Manager
  readonly maxBodyBytes: number
  readonly log: Log
  /** Origins whose browsers may read the answers; empty: CORS off. */
  readonly corsAllowOrigins?: readonly string[]
}

type RouteHandler = (request: HttpRequest) => Promise<ApiResponse>

/**
 * The HTTP face of the manager: the routes of docs/api.md and the error boundary. Everything a
 * client sends passes through `handle`, and every failure leaves it as an error response.
 */
export function createHttpApi({
  manager,
  maxBodyBytes,
  log,
  corsAllowOrigins = [],
}: HttpApiOptions) {
  const manage: RouteHandler = async (request) => {
    checkContentType(request.headers['content-type'])
    const text = readBodyText(request, maxBodyBytes)
    const envelope = parseEnvelope(parseJson(text))
    return jsonResponse(200, await manager.execute(envelope))
  }

  const health: RouteHandler = async () => {
    await manager.checkHealth()
    return jsonResponse(200, { status: 'ok' })
  }

  const routes: Readonly<Record<string, Readonly<Record<string, RouteHandler>>>> = {
    '/DynamoDBManager': { POST: manage },
    '/health': { GET: health },
  }

  function route(request: HttpRequest): RouteHandler {
    const methods = Object.hasOwn(routes, request.path) ? routes[request.path] : undefined
    if (methods === undefined) {
      throw new NotFoundError(
        ErrorCode.RouteNotFound,
        `No route ${request.path}. Use POST /Prod/DynamoDBManager or GET /Prod/health.`,
      )
    }
    // HEAD is GET without the body (which the server leaves out), as HTTP defines it.
    const method =
      request.method === 'HEAD' && Object.hasOwn(methods, 'GET') ? 'GET' : request.method
    const handler = Object.hasOwn(methods, method) ? methods[method] : undefined
    if (handler === undefined) {
      const allowed = [
        ...Object.keys(methods),
        ...(Object.hasOwn(methods, 'GET') ? ['HEAD'] : []),
      ].join(', ')
      throw new MethodNotAllowedError(
        ErrorCode.MethodNotAllowed,
        `${request.path} takes ${allowed}, not ${request.method}.`,
        { headers: { Allow: allowed } },
      )
    }
    return handler
  }

  async function answer(request: HttpRequest): Promise<ApiResponse> {
    try {
      return await route(request)(request)
    } catch (thrown) {
      const error = asLoggedApiError(thrown, log, 'request failed', request.requestId)
      return errorResponse(error, request.requestId)
    }
  }

  return {
    async handle(request: HttpRequest): Promise<ApiResponse> {
      const response = await answer(request)
      const cors = corsHeaders(request.headers.origin, corsAllowOrigins)
      return Object.keys(cors).length === 0
        ? response
        : { ...response, headers: { ...response.headers, ...cors } }
    },
  }
}

export type HttpApi = ReturnType<typeof createHttpApi>

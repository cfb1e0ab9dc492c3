import type { IncomingMessage, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openApiJson } from '../../openapi/document.js'
import { requestUrl } from '../request-url.js'
import { consoleScript } from './bundle.js'
import { CONTENT_TYPES, readStaticFile, type StaticFile } from './static-files.js'

/**
 * A page that loads only its own scripts and styles, and talks only to its own origin.
 * Styles may be inline: CodeMirror and Swagger UI set style attributes and inject their CSS.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
}

const PUBLIC = fileURLToPath(new URL('../../console/public/', import.meta.url))
/** swagger-ui-dist's folder, found on first use: the API alone never needs the package. */
let swaggerUi: string | undefined
const swaggerUiFolder = () => {
  swaggerUi ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  return swaggerUi
}

/** What the API reference needs of swagger-ui-dist, and nothing else of the package. */
const SWAGGER_UI_FILES: ReadonlySet<string> = new Set([
  '/swagger-ui.css',
  '/swagger-ui-bundle.js',
  '/favicon-32x32.png',
])

/**
 * What the page cannot ask the API. The tables, their keys and indexes it asks (`tables`), so
 * that it shows what the API serves, on AWS as locally, rather than what the gateway guesses.
 */
export interface ConsoleOptions {
  /** Whether the API needs an API key: the page then asks for it (it never holds it). */
  readonly apiKeyRequired?: boolean
}

/** Serves a request of the console, or answers false to leave it to the API. */
export type LocalRoutes = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>

/**
 * The browser console and the API reference, served by the local gateway beside the API and
 * not through the Lambda handler: they are not part of the deployed API.
 *
 * | path                          | what                                          |
 * |-------------------------------|-----------------------------------------------|
 * | GET /                         | the console: explore, create, edit, delete    |
 * | GET /docs                     | the interactive API reference (Swagger UI)    |
 * | GET /openapi.json             | the OpenAPI document                          |
 * | GET /console/…                | the console's own files, bundle and config    |
 *
 * @example
 * const localRoutes = createConsoleRoutes({ apiKeyRequired: false })
 * startGateway({ handler, host, port, maxBodyBytes, log, localRoutes })
 */
export function createConsoleRoutes({ apiKeyRequired = false }: ConsoleOptions = {}): LocalRoutes {
  // Built on first request: start-up does not pay for a page nobody may open.
  let openApi: Buffer | undefined
  const config = Buffer.from(JSON.stringify({ apiKeyRequired }))
  const json = CONTENT_TYPES['.json'] ?? 'application/json'

  /** The file a path names: undefined for a console path with none, false for any other path. */
  async function find(path: string): Promise<StaticFile | undefined | false> {
    if (path === '/') return readStaticFile(PUBLIC, '/index.html')
    if (path === '/docs') return readStaticFile(PUBLIC, '/docs.html')
    if (path === '/openapi.json') {
      openApi ??= Buffer.from(openApiJson())
      return { body: openApi, contentType: json }
    }
    if (path === '/console/config.json') return { body: config, contentType: json }
    if (path === '/console/app.js')
      return { body: await consoleScript(), contentType: CONTENT_TYPES['.js'] ?? '' }
    if (path.startsWith('/console/swagger-ui/')) {
      const name = path.slice('/console/swagger-ui'.length)
      return SWAGGER_UI_FILES.has(name) ? readStaticFile(swaggerUiFolder(), name) : undefined
    }
    if (path.startsWith('/console/')) return readStaticFile(PUBLIC, path.slice('/console'.length))
    return false
  }

  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const path = requestUrl(request.url).pathname
    const file = await find(path)
    if (file === false) return false
    if (file === undefined) {
      response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('Not found\n')
      return true
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.body.byteLength,
    })
    response.end(request.method === 'HEAD' ? undefined : file.body)
    return true
  }
}

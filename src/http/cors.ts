/**
 * CORS for browsers calling the API from another origin. API Gateway answers the preflight
 * (OPTIONS) itself, but with a Lambda proxy integration the actual answer comes from the
 * handler, which must then say which origin may read it, or the browser hides the body.
 */

/** Any origin may read the answers. */
const ANY_ORIGIN = '*'

/**
 * The CORS headers of an answer to a request from `origin`: the origin itself when it is
 * allowed (with `Vary: Origin`, so that caches keep one answer per origin), `*` when any
 * origin is, nothing when CORS is off or the origin is not allowed.
 *
 * @example
 * corsHeaders('https://app.example.com', ['https://app.example.com'])
 * // → { 'Access-Control-Allow-Origin': 'https://app.example.com', Vary: 'Origin' }
 */
export function corsHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
): Record<string, string> {
  if (allowedOrigins.length === 0) return {}
  if (allowedOrigins.includes(ANY_ORIGIN)) return { 'Access-Control-Allow-Origin': ANY_ORIGIN }
  if (origin !== undefined && allowedOrigins.includes(origin)) {
    return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
  }
  return { Vary: 'Origin' }
}

/**
 * Headers of every answer, part of the contract: the handler's (http/api-response.ts) and
 * API Gateway's own (infra/constructs/gateway-responses.ts) carry them. They are those OWASP
 * recommends for a JSON API: no sniffing the body as something else, no caching of answers
 * that carry table data, no framing, no scripts or other content even if a browser renders
 * an answer, HTTPS only once seen over HTTPS (as API Gateway serves it), and no referrer
 * leaking the API's URL.
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
}

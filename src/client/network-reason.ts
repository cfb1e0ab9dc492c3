/**
 * Why a fetch got no answer, in one line: undici's "fetch failed" says nothing, its cause
 * does. An AggregateError (every address of a name refused) carries its reasons in `errors`
 * and often no message; an OpenSSL error is a long colon-separated record of which only the
 * reason reads well.
 *
 * @example
 * networkReason(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3000') }))
 * // → 'connect ECONNREFUSED 127.0.0.1:3000'
 */
export function networkReason(error: unknown): string {
  const reason = error instanceof Error ? (error.cause ?? error) : error
  if (!(reason instanceof Error)) return String(reason)
  let text = reason.message
  if (text === '' && reason instanceof AggregateError)
    text = reason.errors
      .map((each) => (each instanceof Error ? each.message : String(each)))
      .join('; ')
  if (text === '') text = (reason as { code?: string }).code ?? reason.name
  const openssl = /:SSL routines:[^:]*:([^:]+):/.exec(text)
  if (openssl?.[1] !== undefined) text = `TLS failed: ${openssl[1]}`
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * A request target as a URL. It is joined to a base as text, not resolved against it:
 * resolution would read `//evil/DynamoDBManager` as a host and a path. A target that is not
 * a path (`*`, an absolute URL) routes nowhere.
 */
export function requestUrl(target: string | undefined): URL {
  return new URL(
    target?.startsWith('/') ? `http://gateway.local${target}` : 'http://gateway.local/.',
  )
}

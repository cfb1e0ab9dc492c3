import { UsageError } from './exit-codes.js'

/**
 * The ports fetch refuses to connect to (the Fetch standard's "bad port" list): a URL on one
 * of them can never work, so the CLI says so before sending, instead of a network error.
 */
const BAD_PORTS: ReadonlySet<number> = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
])

/**
 * The API's URL from `text`, or a UsageError of one line naming `flag` when it cannot be one:
 * not a URL, not http(s), or a port fetch will not use.
 *
 * @example
 * apiUrl('http://127.0.0.1:3000', '--url').port // → '3000'
 */
export function apiUrl(text: string, flag: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`${flag} "${text}" is not a URL, e.g. http://127.0.0.1:3000.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag} "${text}" is not http:// or https://: the API speaks HTTP.`)
  if (url.port !== '' && BAD_PORTS.has(Number(url.port)))
    throw new UsageError(
      `${flag} "${text}": port ${url.port} is one fetch refuses to connect to; use another (npm start takes PORT).`,
    )
  return url
}

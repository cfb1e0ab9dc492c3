import { readFile } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

/** The types the console serves; a file with any other extension is not served at all. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
}

export interface StaticFile {
  readonly body: Buffer
  readonly contentType: string
}

/**
 * A file under `root` named by the rest of a URL path, or undefined. Refuses anything that
 * could leave `root`: `..` segments (also percent-encoded, which URL parsing leaves alone
 * as `..%2f`), backslashes, NUL, and paths that resolve outside it.
 */
export async function readStaticFile(
  root: string,
  urlPath: string,
): Promise<StaticFile | undefined> {
  let relative: string
  try {
    relative = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (relative.includes('\0') || relative.includes('\\')) return undefined
  if (relative.split('/').some((segment) => segment === '..' || segment === '.')) return undefined
  const contentType = CONTENT_TYPES[extname(relative)]
  if (contentType === undefined) return undefined
  const base = resolve(root)
  const path = resolve(base, `.${relative.startsWith('/') ? '' : '/'}${relative}`)
  if (!path.startsWith(base + sep)) return undefined
  try {
    return { body: await readFile(path), contentType }
  } catch {
    return undefined
  }
}

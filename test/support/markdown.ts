import { existsSync, readFileSync } from 'node:fs'
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'

/**
 * Just enough Markdown, read the way GitHub renders it, to check the docs: their links and
 * anchors (docs-links.test.ts) and their tables (docs-error-table.test.ts). Fenced code blocks
 * are not Markdown, and inline code holds no links: both are left out where GitHub leaves
 * them out.
 */

const FENCE = /^\s{0,3}(`{3,}|~{3,})/

/** The lines of a Markdown text outside fenced code blocks. */
export function proseLines(text: string): string[] {
  const lines: string[] = []
  let fence: string | undefined
  for (const line of text.split('\n')) {
    const opening = FENCE.exec(line)?.[1]
    if (fence === undefined && opening !== undefined) {
      fence = opening
    } else if (fence !== undefined) {
      if (opening?.startsWith(fence[0] ?? '') && opening.length >= fence.length) fence = undefined
    } else {
      lines.push(line)
    }
  }
  return lines
}

const INLINE_CODE = /(`+)[^`]*?\1/g

/**
 * A heading's anchor as GitHub makes it (github-slugger): the heading's text in lower case,
 * punctuation dropped except `-` and `_`, each space a `-`.
 *
 * @example
 * githubSlug('The JSON encoding: nothing is lost') // → 'the-json-encoding-nothing-is-lost'
 */
export function githubSlug(headingText: string): string {
  return headingText
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** A heading's text as rendered: code spans' backticks, links' targets, emphasis and HTML gone. */
function renderedText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/\*+/g, '')
    .trim()
}

const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/
const EXPLICIT_ANCHOR = /<a\s+(?:[^>]*\s)?(?:id|name)\s*=\s*"([^"]+)"/g

/**
 * Every anchor a page has: its headings' slugs, a repeated slug numbered `-1`, `-2` … as
 * GitHub numbers it, and the ids and names of explicit `<a id>` / `<a name>` anchors.
 */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  const occurrences = new Map<string, number>()
  for (const line of proseLines(text)) {
    const heading = HEADING.exec(line)?.[2]
    if (heading !== undefined) {
      const base = githubSlug(renderedText(heading))
      let slug = base
      while (occurrences.has(slug)) {
        const count = (occurrences.get(base) ?? 0) + 1
        occurrences.set(base, count)
        slug = `${base}-${count}`
      }
      occurrences.set(slug, 0)
      anchors.add(slug)
    }
    for (const [, id] of line.replace(INLINE_CODE, '').matchAll(EXPLICIT_ANCHOR)) {
      if (id !== undefined) anchors.add(id)
    }
  }
  return anchors
}

const INLINE_LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/
const HREF = /\shref\s*=\s*"([^"]+)"/g

/** The targets of a page's links: inline links and images, reference definitions, `href`s. */
export function linkTargetsOf(text: string): string[] {
  const targets: string[] = []
  for (const line of proseLines(text)) {
    const prose = line.replace(INLINE_CODE, '')
    for (const [, target] of prose.matchAll(INLINE_LINK)) if (target) targets.push(target)
    for (const [, target] of prose.matchAll(HREF)) if (target) targets.push(target)
    const definition = REFERENCE_DEFINITION.exec(prose)?.[1]
    if (definition !== undefined) targets.push(definition)
  }
  return targets
}

/** A link to the web: followed by a browser, not checked here (the tests use no network). */
const WEB_URL = /^https?:\/\//i
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i

/**
 * What is wrong with each relative link and anchor of the given pages, one line per broken
 * link (`page: target: why`); empty when every link resolves. A link resolves when its file
 * exists inside `root` and its anchor, if any, is an anchor of that Markdown page.
 *
 * @example
 * brokenLinks('/repo', ['README.md', 'docs/api.md']) // → [] when all is well
 */
export function brokenLinks(root: string, pages: readonly string[]): string[] {
  const base = resolve(root)
  const anchorCache = new Map<string, Set<string>>()
  const anchorsOfFile = (path: string) => {
    let anchors = anchorCache.get(path)
    if (anchors === undefined) {
      anchors = anchorsOf(readFileSync(path, 'utf8'))
      anchorCache.set(path, anchors)
    }
    return anchors
  }

  const problems: string[] = []
  for (const page of pages) {
    const pagePath = resolve(base, page)
    for (const target of linkTargetsOf(readFileSync(pagePath, 'utf8'))) {
      const problem = problemWith(target)
      if (problem !== undefined) problems.push(`${page}: ${target}: ${problem}`)
    }

    function problemWith(target: string): string | undefined {
      if (WEB_URL.test(target)) return undefined
      if (ANY_SCHEME.test(target)) return 'not a relative link nor an http(s) URL'
      const hashAt = target.indexOf('#')
      const pathPart = hashAt === -1 ? target : target.slice(0, hashAt)
      const anchor = hashAt === -1 ? undefined : target.slice(hashAt + 1)
      let decoded: string
      try {
        decoded = decodeURIComponent(pathPart)
      } catch {
        return 'the path is not valid percent-encoding'
      }
      const file =
        decoded === ''
          ? pagePath
          : decoded.startsWith('/')
            ? join(base, decoded)
            : resolve(dirname(pagePath), decoded)
      const inside = relative(base, file)
      if (inside.startsWith('..') || isAbsolute(inside))
        return 'points outside the repository (a clone would not have it)'
      if (!existsSync(file)) return `no such file: ${inside}`
      if (anchor === undefined) return undefined
      if (extname(file) !== '.md') return 'an anchor into a file that is not Markdown'
      return anchorsOfFile(file).has(anchor)
        ? undefined
        : `no heading or anchor "${anchor}" in ${inside}`
    }
  }
  return problems
}

export interface MarkdownTable {
  /** The header's cells, trimmed. */
  readonly header: readonly string[]
  /** Each row's cells, trimmed, as written (Markdown and all). */
  readonly rows: readonly (readonly string[])[]
}

const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/

/** A table row's cells: split on the pipes that are not escaped (`\|` stays in its cell). */
function cellsOf(line: string): string[] {
  const trimmed = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim())
}

/** The pipe tables of a Markdown text, in order. */
export function tablesOf(text: string): MarkdownTable[] {
  const lines = proseLines(text)
  const tables: MarkdownTable[] = []
  for (let index = 1; index < lines.length; index += 1) {
    const headerLine = lines[index - 1] ?? ''
    if (!headerLine.includes('|') || !TABLE_SEPARATOR.test(lines[index] ?? '')) continue
    const rows: string[][] = []
    let next = index + 1
    while (next < lines.length && (lines[next] ?? '').includes('|')) {
      rows.push(cellsOf(lines[next] ?? ''))
      next += 1
    }
    tables.push({ header: cellsOf(headerLine), rows })
    index = next
  }
  return tables
}

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { anchorsOf, brokenLinks, githubSlug } from '../support/markdown.js'

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The pages a reader follows links between: the landing page and every page of docs/. */
const PAGES = [
  'README.md',
  ...readdirSync(join(PROJECT_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
]

/** A folder of Markdown pages, removed when the test ends, whether it passed or not. */
function pagesFolder(pages: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'docs-links-'))
  onTestFinished(() => rmSync(root, { recursive: true, force: true }))
  for (const [path, text] of Object.entries(pages)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

describe('the links of README.md and docs/', () => {
  it('checks the landing page and every docs page', () => {
    expect(PAGES).toContain('README.md')
    expect(PAGES).toContain('docs/api.md')
    expect(PAGES).toContain('docs/architecture.md')
  })

  it('resolve: every relative link names a file of the repository, every #anchor a heading of its page', () => {
    // Act
    const broken = brokenLinks(PROJECT_ROOT, PAGES)

    // Assess
    expect(broken).toEqual([])
  })
})

describe('the link check itself', () => {
  it.each([
    ['The JSON encoding: nothing is lost', 'the-json-encoding-nothing-is-lost'],
    ["The AWS SDK's Node.js 20 warning", 'the-aws-sdks-nodejs-20-warning'],
    ['Locally (npm start)', 'locally-npm-start'],
    ['snake_case and kebab-case stay', 'snake_case-and-kebab-case-stay'],
    ['Ünïcode letters → kept', 'ünïcode-letters--kept'],
  ])('slugs %j as GitHub does: %j', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug)
  })

  it('numbers repeated headings -1, -2 and reads explicit anchors, but not headings in code', () => {
    // Prepare
    const page = [
      '# Errors',
      '## Errors',
      '### `Errors`',
      '<a id="by-hand"></a>',
      '<a name="old-name"></a>',
      '```md',
      '# Not a heading',
      '```',
    ].join('\n')

    // Act
    const anchors = anchorsOf(page)

    // Assess
    expect([...anchors].sort()).toEqual(['by-hand', 'errors', 'errors-1', 'errors-2', 'old-name'])
  })

  it('reports a link to a missing file, a missing anchor, and a path out of the repository', () => {
    // Prepare
    const root = pagesFolder({
      'README.md': [
        '# Home',
        '[ok](docs/a.md#section-one) [ok too](#home) [web](https://example.com/x#y)',
        '[gone](docs/missing.md) [no anchor](docs/a.md#section-three)',
        '[escape](../outside.md) `[in code](docs/missing.md)`',
        '```',
        '[in a fence](docs/missing.md)',
        '```',
      ].join('\n'),
      'docs/a.md': '# A\n\n## Section one\n\n[back](../README.md#home) [self](#a)\n',
    })

    // Act
    const broken = brokenLinks(root, ['README.md', 'docs/a.md'])

    // Assess
    expect(broken).toEqual([
      'README.md: docs/missing.md: no such file: docs/missing.md',
      'README.md: docs/a.md#section-three: no heading or anchor "section-three" in docs/a.md',
      'README.md: ../outside.md: points outside the repository (a clone would not have it)',
    ])
  })

  it('refuses an anchor into a file that is not Markdown, and a scheme other than http(s)', () => {
    // Prepare
    const root = pagesFolder({
      'README.md': '[spec](openapi.json#/paths) [mail](mailto:someone@example.com)\n',
      'openapi.json': '{}\n',
    })

    // Act
    const broken = brokenLinks(root, ['README.md'])

    // Assess
    expect(broken).toEqual([
      'README.md: openapi.json#/paths: an anchor into a file that is not Markdown',
      'README.md: mailto:someone@example.com: not a relative link nor an http(s) URL',
    ])
  })
})

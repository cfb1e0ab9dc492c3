import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const manifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { dependencies: Record<string, string>; devDependencies: Record<string, string> }

describe('package.json', () => {
  // An install of the package takes patch and minor releases of what it runs on (the
  // credential code among them); the repository itself is pinned by package-lock.json.
  it.each(Object.entries(manifest.dependencies))('takes %s by a caret range (%s)', (_, range) => {
    expect(range).toMatch(/^\^\d+\.\d+\.\d+$/)
  })

  // Tools are pinned exactly: a release of one never changes a build or a test by itself.
  it.each(Object.entries(manifest.devDependencies))('pins the tool %s exactly (%s)', (_, range) => {
    expect(range).toMatch(/^(npm:[@\w/.-]+@)?\d+\.\d+\.\d+$/)
  })

  it('names no schema library among the runtime dependencies', () => {
    expect(Object.keys(manifest.dependencies)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(typebox|@sinclair\/typebox|ajv|zod)$/)]),
    )
  })
})

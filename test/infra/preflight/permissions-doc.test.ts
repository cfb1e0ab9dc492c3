import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const PREFLIGHT = join(import.meta.dirname, '../../../infra/preflight')
const DOC = join(import.meta.dirname, '../../../docs/preflight.md')

/** Every IAM action a check names when it asks AWS (`ask('iam:GetRole', …)`). */
function actionsAsked(): string[] {
  const actions = new Set<string>()
  for (const file of readdirSync(PREFLIGHT).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(join(PREFLIGHT, file), 'utf8')
    for (const match of source.matchAll(/\bask(?:For)?\(\s*'([a-z0-9-]+:[A-Za-z]+)'/g)) {
      if (match[1]) actions.add(match[1])
    }
  }
  return [...actions].sort()
}

describe("docs/preflight.md's permissions", () => {
  it('list every action preflight asks AWS for (GetCallerIdentity needs none)', () => {
    const policy = readFileSync(DOC, 'utf8')
    const asked = actionsAsked()

    expect(asked.length).toBeGreaterThan(10)
    const unlisted = asked.filter(
      (action) => action !== 'sts:GetCallerIdentity' && !policy.includes(`"${action}"`),
    )
    expect(unlisted).toEqual([])
  })
})

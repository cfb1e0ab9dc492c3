import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  FLAG_EXCEPTIONS,
  flagProblems,
  recommendedFlags,
  withWantedFlags,
} from '../../scripts/feature-flags.js'
import { CDK_JSON_CONTEXT } from '../support/cdk.js'

/** docs/deploy-settings.md's "Feature flags" section, up to the next section. */
function featureFlagsSection(): string {
  const deploy = readFileSync(new URL('../../docs/deploy-settings.md', import.meta.url), 'utf8')
  const start = deploy.indexOf('\n## Feature flags\n')
  if (start < 0) return ''
  const end = deploy.indexOf('\n## ', start + 1)
  return deploy.slice(start, end < 0 ? undefined : end)
}

const RECOMMENDED = { '@x/a:on': true, '@x/b:partitions': ['aws', 'aws-cn'], '@x/c:off': false }

describe('the CDK feature flags of cdk.json', () => {
  it('are every flag the installed aws-cdk-lib recommends, at its value (`npm run feature-flags` sets them)', () => {
    expect(Object.keys(recommendedFlags()).length).toBeGreaterThan(80)
    expect(flagProblems(CDK_JSON_CONTEXT)).toEqual([])
  })

  it('keep a flag at another value only as a documented exception, named in docs/deploy-settings.md', () => {
    const section = featureFlagsSection()

    expect(section).toContain('npm run feature-flags')
    for (const [flag, exception] of Object.entries(FLAG_EXCEPTIONS)) {
      expect(CDK_JSON_CONTEXT[flag]).toEqual(exception.value)
      expect(section).toContain(flag)
    }
  })

  it('are checked flag by flag: missing, another value, or an exception at its own value', () => {
    const context = { '@x/a:on': false, '@x/b:partitions': ['aws'] }

    expect(flagProblems(context, RECOMMENDED, {})).toEqual([
      '@x/a:on: false, recommended true',
      '@x/b:partitions: ["aws"], recommended ["aws","aws-cn"]',
      '@x/c:off: missing, recommended false',
    ])
    const exceptions = { '@x/a:on': { value: false, reason: 'it would replace the table' } }
    expect(flagProblems({ ...RECOMMENDED, '@x/a:on': false }, RECOMMENDED, exceptions)).toEqual([])
    expect(flagProblems(RECOMMENDED, RECOMMENDED, exceptions)).toEqual([
      '@x/a:on: true, its documented exception false',
    ])
  })

  it('are rewritten in the CDK order by the script, exceptions kept and other context untouched', () => {
    const exceptions = { '@x/c:off': { value: true, reason: 'measured' } }
    const context = { mine: 1, '@x/a:on': false }

    const written = withWantedFlags(context, RECOMMENDED, exceptions)

    expect(Object.keys(written)).toEqual(['@x/a:on', '@x/b:partitions', '@x/c:off', 'mine'])
    expect(flagProblems(written, RECOMMENDED, exceptions)).toEqual([])
    expect(written.mine).toBe(1)
  })
})

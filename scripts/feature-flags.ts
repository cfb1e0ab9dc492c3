import { createRequire } from 'node:module'
import { isDeepStrictEqual } from 'node:util'

/**
 * The CDK feature flags cdk.json sets: every flag the installed aws-cdk-lib recommends (it
 * ships them as recommended-feature-flags.json, the list `cdk init` writes for a new
 * project), at its recommended value, except those listed here. docs/deploy-settings.md#feature-flags
 * says what each flag changed in the templates.
 */

/** A flag kept at a value other than the recommended one, and why (also in docs/deploy-settings.md). */
export interface FlagException {
  readonly value: unknown
  readonly reason: string
}

/** None today: every recommended flag was measured harmless for the table and the data. */
export const FLAG_EXCEPTIONS: Readonly<Record<string, FlagException>> = {}

type Flags = Readonly<Record<string, unknown>>

/** The installed aws-cdk-lib's recommended flags, in its own order. */
export function recommendedFlags(): Flags {
  return createRequire(import.meta.url)('aws-cdk-lib/recommended-feature-flags.json') as Flags
}

/** What a flag should be set to in cdk.json: its exception's value, or the recommended one. */
function wantedValue(flag: string, recommended: unknown, exceptions: typeof FLAG_EXCEPTIONS) {
  return Object.hasOwn(exceptions, flag) ? exceptions[flag]?.value : recommended
}

/**
 * One line per flag that cdk.json's context lacks or sets to another value than wanted.
 *
 * @example
 * flagProblems({ '@aws-cdk/core:enablePartitionLiterals': false })
 * // → ['@aws-cdk/core:enablePartitionLiterals: false, recommended true', ...every missing flag]
 */
export function flagProblems(
  context: Flags,
  recommended: Flags = recommendedFlags(),
  exceptions: typeof FLAG_EXCEPTIONS = FLAG_EXCEPTIONS,
): string[] {
  const problems: string[] = []
  for (const [flag, value] of Object.entries(recommended)) {
    const wanted = wantedValue(flag, value, exceptions)
    const source = Object.hasOwn(exceptions, flag) ? 'its documented exception' : 'recommended'
    if (!Object.hasOwn(context, flag)) {
      problems.push(`${flag}: missing, ${source} ${JSON.stringify(wanted)}`)
    } else if (!isDeepStrictEqual(context[flag], wanted)) {
      problems.push(
        `${flag}: ${JSON.stringify(context[flag])}, ${source} ${JSON.stringify(wanted)}`,
      )
    }
  }
  return problems
}

/**
 * cdk.json's context with the wanted flags first, in the CDK's order, then every other key
 * it held (flags the CDK no longer recommends change nothing and stay where they were).
 */
export function withWantedFlags(
  context: Flags,
  recommended: Flags = recommendedFlags(),
  exceptions: typeof FLAG_EXCEPTIONS = FLAG_EXCEPTIONS,
): Record<string, unknown> {
  const flags = Object.entries(recommended).map(([flag, value]) => [
    flag,
    wantedValue(flag, value, exceptions),
  ])
  const others = Object.entries(context).filter(([key]) => !Object.hasOwn(recommended, key))
  return Object.fromEntries([...flags, ...others])
}

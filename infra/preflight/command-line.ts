/**
 * The flags preflight takes from a `cdk deploy` command line: the context (`-c KEY=VALUE`,
 * `--context KEY=VALUE`, as the CDK CLI reads it: split at the first `=`), the profile, and
 * `--import-existing-resources`. Every other flag is `cdk deploy`'s, and left alone.
 */

export interface PreflightArgs {
  /** The `-c` keys, as strings, the last of a key winning (as in the CDK CLI). */
  readonly context: Readonly<Record<string, string>>
  readonly profile: string | undefined
  readonly importExistingResources: boolean
  readonly help: boolean
}

/** A malformed flag: its message is the one line to print. */
export class ArgsError extends Error {
  override readonly name = 'ArgsError'
}

const CONTEXT_FLAGS = ['-c', '--context']
const IMPORT_FLAG = '--import-existing-resources'

function contextPair(flag: string, assignment: string | undefined): [string, string] {
  const at = assignment?.indexOf('=') ?? -1
  if (assignment === undefined || at <= 0) {
    throw new ArgsError(
      `${flag} expects KEY=VALUE, e.g. ${flag} env=dev; got ${assignment ?? 'nothing'}.`,
    )
  }
  return [assignment.slice(0, at), assignment.slice(at + 1)]
}

/** A flag's value, given as `--flag value` or `--flag=value`; undefined when `arg` is not it. */
function flagValue(
  arg: string,
  flags: readonly string[],
  next: () => string | undefined,
): { value: string | undefined } | undefined {
  for (const flag of flags) {
    if (arg === flag) return { value: next() }
    if (arg.startsWith(`${flag}=`)) return { value: arg.slice(flag.length + 1) }
  }
  return undefined
}

/**
 * The flags preflight reads from `args` (what follows `npm run deploy --` or
 * `npm run preflight --`). Throws an ArgsError for a context flag without KEY=VALUE.
 *
 * @example
 * parsePreflightArgs(['--all', '-c', 'env=dev', '--profile', 'dev'])
 * // → { context: { env: 'dev' }, profile: 'dev', importExistingResources: false, help: false }
 */
export function parsePreflightArgs(args: readonly string[]): PreflightArgs {
  const context: Record<string, string> = {}
  let profile: string | undefined
  let importExistingResources = false
  let help = false
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string
    const next = () => {
      index++
      return args[index]
    }
    const assignment = flagValue(arg, CONTEXT_FLAGS, next)
    if (assignment !== undefined) {
      const [key, value] = contextPair(arg.split('=')[0] as string, assignment.value)
      context[key] = value
      // The CDK CLI's -c takes every KEY=VALUE that follows, as yargs reads an array flag.
      while (/^[^-][^=]*=/.test(args[index + 1] ?? '')) {
        const [more, moreValue] = contextPair(arg, next())
        context[more] = moreValue
      }
      continue
    }
    const named = flagValue(arg, ['--profile'], next)
    if (named !== undefined) profile = named.value
    else if (arg === IMPORT_FLAG || arg === `${IMPORT_FLAG}=true`) importExistingResources = true
    else if (arg === `--no-${IMPORT_FLAG.slice(2)}` || arg === `${IMPORT_FLAG}=false`)
      importExistingResources = false
    else if (arg === '--help' || arg === '-h') help = true
  }
  return { context, profile, importExistingResources, help }
}

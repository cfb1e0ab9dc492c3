import { connectionOptions } from './connection.js'

/** The connection flags that take a value, as typed: `--url`, `--api-key`, … */
const valueFlags = new Set(
  Object.entries(connectionOptions)
    .filter(([, option]) => option.type === 'string')
    .map(([name]) => `--${name}`),
)

/**
 * Splits `serverless-lab [connection options] COMMAND [options]` into the command's name and
 * its arguments, the leading options moved after the others. Users of the AWS CLI type
 * `--profile prod read …` as often as `read --profile prod …`; both mean the same here.
 * Only the connection flags may lead, since every command takes them; anything else before
 * the command is left in place to be reported as an unknown command.
 *
 * @example
 * splitCommandLine(['--url', 'http://x', 'read', '--key', '{}'])
 * // → { name: 'read', args: ['--key', '{}', '--url', 'http://x'] }
 */
export function splitCommandLine(argv: readonly string[]): {
  name: string | undefined
  args: readonly string[]
} {
  let index = 0
  while (index < argv.length) {
    const arg = argv[index] as string
    const [flag = '', inlineValue] = arg.split(/=(.*)/s)
    if (!valueFlags.has(flag)) break
    index += inlineValue === undefined ? 2 : 1
  }
  if (index === 0) return { name: argv[0], args: argv.slice(1) }
  // Options and no command: the caller shows the list of commands.
  if (index >= argv.length) return { name: undefined, args: [] }
  const [name, ...rest] = argv.slice(index)
  return { name, args: [...rest, ...argv.slice(0, index)] }
}

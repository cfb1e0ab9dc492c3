import { describe, expect, it } from 'vitest'
import { counted } from '../../src/cli/plural.js'
import { commands } from '../../src/cli/run.js'
import { fakeAwsEnvironment, stubFetch } from '../support/aws-environment.js'
import { runCliInProcess } from '../support/cli-io.js'

/** The flags an options list of a help offers: `--flag`, `--no-flag`, `-o`, with whether they take a value. */
function offeredFlags(help: string): Map<string, boolean> {
  const offered = new Map<string, boolean>()
  for (const [, left = ''] of help.matchAll(/^ {2}(-\S.*?)(?: {2,}|$)/gm)) {
    const takesValue = /\s[A-Z]+$/.test(left)
    for (const [flag] of left.matchAll(/(?<![\w-])--?[a-z][\w-]*/g)) offered.set(flag, takesValue)
  }
  return offered
}

/** The flags a parseArgs options object accepts, as typed. */
function acceptedFlags(options: NonNullable<(typeof commands)[number]['options']>): string[] {
  return Object.entries(options).flatMap(([name, option]) => [
    `--${name}`,
    ...(option.short === undefined ? [] : [`-${option.short}`]),
  ])
}

describe("each command's help, against what the command accepts", () => {
  it.each(
    commands
      .filter((command) => command.options !== undefined)
      .map((command) => [command.name, command]),
  )('%s lists exactly the options it accepts', (_name, command) => {
    // Act
    const offered = [...offeredFlags(command.help()).keys()]

    // Assess
    expect(offered.sort()).toEqual(acceptedFlags(command.options ?? {}).sort())
  })

  it.each(commands.map((command) => [command.name, command]))(
    '%s accepts every option its help lists',
    async (name, command) => {
      for (const [flag, takesValue] of offeredFlags(command.help())) {
        // Act: parsing comes before everything else; --help then stops the command.
        const run = await runCliInProcess([name, flag, ...(takesValue ? ['1'] : []), '--help'])

        // Assess
        expect({ flag, stderr: run.stderr }).toEqual({ flag, stderr: '' })
      }
    },
  )

  it.each([
    ['query', ['--segment', '0'], "Unknown option '--segment'"],
    ['query', ['--total-segments', '2'], "Unknown option '--total-segments'"],
    ['ping', ['--payload', '{}'], "Unknown option '--payload'"],
    ['list', ['--limit', '0'], '--limit takes a whole number from 1 to 1000000, not "0".'],
  ])('%s refuses %j, which its help does not offer', async (name, args, says) => {
    // Prepare
    const help = commands.find((command) => command.name === name)?.help() ?? ''

    // Act
    const run = await runCliInProcess([name, ...args, '--url', 'http://127.0.0.1:3000'])

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(says)
    if (args[0] !== '--limit') expect(help).not.toContain(args[0])
    else expect(help).toMatch(/--limit N\s+Items to evaluate per page\. From 1 to 1000000\./)
  })
})

describe('counts in messages', () => {
  it.each([
    [0, 'items'],
    [1, 'item'],
    [2, 'items'],
  ])('counts %i as "%i %s"', (count, noun) => {
    expect(counted(count, 'item')).toBe(`${count} ${noun}`)
  })

  it('export says "1 item in 1 page"', async () => {
    // Prepare
    const env = await fakeAwsEnvironment({})
    stubFetch({ body: '{"Items": [{"id": "1"}], "Count": 1, "ScannedCount": 1}' })

    // Act
    const run = await runCliInProcess(['export', '--url', 'http://127.0.0.1:3000'], { env })

    // Assess
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('Exported 1 item in 1 page to standard output.\n')
  })
})

import { describe, expect, it } from 'vitest'
import { splitCommandLine } from '../../src/cli/leading-options.js'

describe('splitCommandLine', () => {
  it.each([
    {
      what: 'a command first',
      argv: ['read', '--key', '{}', '--url', 'u'],
      expected: { name: 'read', args: ['--key', '{}', '--url', 'u'] },
    },
    {
      what: 'connection options first, spaced and with =',
      argv: ['--url', 'u', '--api-key=k=v', 'list', '--max-items', '2'],
      expected: { name: 'list', args: ['--max-items', '2', '--url', 'u', '--api-key=k=v'] },
    },
    {
      what: 'a value that looks like a command',
      argv: ['--table', 'list', 'read'],
      expected: { name: 'read', args: ['--table', 'list'] },
    },
    {
      what: 'options and no command',
      argv: ['--url', 'u'],
      expected: { name: undefined, args: [] },
    },
    {
      what: 'an option only commands take, left to be reported',
      argv: ['--key', '{}', 'read'],
      expected: { name: '--key', args: ['{}', 'read'] },
    },
    { what: 'nothing', argv: [], expected: { name: undefined, args: [] } },
  ])('finds the command in $what', ({ argv, expected }) => {
    // Act
    const split = splitCommandLine(argv)

    // Assess
    expect(split).toEqual(expected)
  })
})

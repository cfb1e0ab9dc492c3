/** One line of an options list: the flag, what it takes, what it does. */
export interface OptionHelp {
  readonly flag: string
  readonly value?: string
  readonly description: string
}

const WIDTH = 80
const INDENT = 30

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }
  if (line !== '') lines.push(line)
  return lines
}

/** Options as `--flag VALUE   description`, the description wrapped in its own column. */
export function formatOptions(options: readonly OptionHelp[]): string {
  return options
    .map(({ flag, value, description }) => {
      const left = `  ${flag}${value === undefined ? '' : ` ${value}`}`
      const [first = '', ...rest] = wrap(description, WIDTH - INDENT)
      const head =
        left.length < INDENT - 1
          ? `${left.padEnd(INDENT)}${first}`
          : `${left}\n${' '.repeat(INDENT)}${first}`
      return [head, ...rest.map((line) => `${' '.repeat(INDENT)}${line}`)].join('\n')
    })
    .join('\n')
}

export function paragraph(text: string): string {
  return wrap(text, WIDTH).join('\n')
}

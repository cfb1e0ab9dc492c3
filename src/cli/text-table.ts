/** Two spaces between columns, as `docker ps` and `kubectl get` print theirs. */
const GAP = '  '

/**
 * Rows under their headings, each column as wide as its widest cell; a column empty in every
 * row is left out, so that what nothing uses (a sort key, a TTL) takes no room.
 *
 * @example
 * textTable(['NAME', 'KEY'], [['orders', 'pk (S)']])
 * // → 'NAME    KEY\norders  pk (S)\n'
 */
export function textTable(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const used = headings
    .map((_, column) => column)
    .filter((column) => rows.some((row) => (row[column] ?? '') !== ''))
  const widths = used.map((column) =>
    Math.max(...[headings, ...rows].map((row) => (row[column] ?? '').length)),
  )
  const line = (row: readonly string[]) =>
    used
      .map((column, at) => (row[column] ?? '').padEnd(widths[at] ?? 0))
      .join(GAP)
      .trimEnd()
  return `${[headings, ...rows].map(line).join('\n')}\n`
}

/**
 * A count and its noun, singular for one: `counted(1, 'page')` → `1 page`, `counted(2, 'item')`
 * → `2 items`. For the nouns of the CLI's messages, whose plurals all take an s.
 */
export function counted(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`
}

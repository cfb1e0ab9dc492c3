/** A start-up failure of the local stack whose message is the whole story for the user. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError'
}

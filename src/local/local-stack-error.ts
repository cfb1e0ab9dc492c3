/** A start-up failure of the local stack whose message is the whole story for the user. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError'
}

/** Another process holds the data folder's database (checked at start and by the engine). */
export function dataFolderInUse(dataDir: string | undefined): LocalStackError {
  return new LocalStackError(
    `DATA_DIR "${dataDir}" is in use by another process (another npm start?). Stop it, or set DATA_DIR to another folder, or to :memory:.`,
  )
}

/** A port the stack listens on is taken; `variable` is the setting that chooses it. */
export function portInUse(variable: string, port: number, host: string): LocalStackError {
  return new LocalStackError(
    `${variable} ${port} on ${host} is in use. Stop what listens there, or set ${variable} to a free port.`,
  )
}

export function engineFailedToStart(detail: string): LocalStackError {
  return new LocalStackError(`The embedded DynamoDB engine failed to start: ${detail}`)
}

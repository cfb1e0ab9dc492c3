/**
 * The local stack's exit status, which scripts and process managers read: 0 stopped cleanly;
 * 1 it failed (the engine, a table, a slow shutdown); 2 it refused to start over a setting:
 * a malformed variable, a port or data folder that a variable names and that is taken, or a
 * table that exists with other keys or indexes than the tables file declares.
 * What the user fixes by changing a variable (or stopping what holds its port or folder)
 * exits 2 whichever way it was found. docs/configuration.md#exit-status lists them.
 */
export const LocalExitCode = { Stopped: 0, Failed: 1, SettingRefused: 2 } as const

export type LocalExitCode = (typeof LocalExitCode)[keyof typeof LocalExitCode]

/** A start-up failure of the local stack whose message is the whole story for the user. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError'

  constructor(
    message: string,
    readonly exitCode: LocalExitCode = LocalExitCode.Failed,
  ) {
    super(message)
  }
}

/** Another process holds the data folder's database (checked at start and by the engine). */
export function dataFolderInUse(dataDir: string | undefined): LocalStackError {
  return new LocalStackError(
    `DATA_DIR "${dataDir}" is in use by another process (another npm start?). Stop it, or set DATA_DIR to another folder, or to :memory:.`,
    LocalExitCode.SettingRefused,
  )
}

/** A port the stack would listen on, and the variable that chooses it. */
export interface PortSetting {
  readonly variable: string
  readonly port: number
  readonly host: string
}

/** Ports the stack listens on are taken: every one found taken is named, in one line. */
export class PortInUseError extends LocalStackError {
  constructor(readonly ports: readonly PortSetting[]) {
    const where = ports.map(({ variable, port, host }) => `${variable} ${port} on ${host}`)
    const variables = ports.map(({ variable }) => variable)
    super(
      ports.length === 1
        ? `${where[0]} is in use. Stop what listens there, or set ${variables[0]} to a free port.`
        : `${where.join(' and ')} are in use. Stop what listens there, or set ${variables.join(' and ')} to free ports.`,
      LocalExitCode.SettingRefused,
    )
  }
}

/** A port the stack listens on is taken; `variable` is the setting that chooses it. */
export function portInUse(variable: string, port: number, host: string): PortInUseError {
  return new PortInUseError([{ variable, port, host }])
}

export function engineFailedToStart(detail: string): LocalStackError {
  return new LocalStackError(`The embedded DynamoDB engine failed to start: ${detail}`)
}

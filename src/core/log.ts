/**
 * The logging the core and adapters need: a message and attributes. Powertools' Logger
 * satisfies it (structured JSON; an Error among the attributes is written with its name,
 * message and stack); tests pass a recording stub.
 */
export type LogAttributes = Record<string, unknown>

export interface Log {
  error(message: string, ...attributes: LogAttributes[]): void
  warn(message: string, ...attributes: LogAttributes[]): void
  info(message: string, ...attributes: LogAttributes[]): void
  debug(message: string, ...attributes: LogAttributes[]): void
}

import type { Message } from 'esbuild'
import { forgetConsoleScript } from '../console/bundle.js'

/** What `npm run dev` tells its terminal about each change (dev/handler-reloader.ts). */
export interface ChangeReport {
  /** esbuild's errors as it prints them: the file, line and column, and the line itself. */
  format(errors: Message[]): Promise<string>
  buildFailed(errors: Message[]): Promise<void>
  loadFailed(error: unknown): void
  /**
   * Changed files the handler does not import: a part of the dev server itself needs a
   * restart; the console's sources are rebuilt when its page next loads them.
   */
  outsideHandler(files: readonly string[]): void
  /** A change that left the handler's build as it was (a comment, a file it does not use). */
  unchanged(): void
  reloaded(files: readonly string[], ms: number): void
}

const SOURCE = /\.(ts|js|json)$/
/** Code the dev server runs itself (the gateway, the engine, reading the settings). */
const DEV_SERVER = /^(local|config)\//
/** The console's sources: the page's script bundles them (local/console/bundle.ts). */
const CONSOLE = /^(console|client)\//

export function reportChanges({
  out = (line: string) => console.log(line),
  err = (line: string) => console.error(line),
} = {}): ChangeReport {
  // The last error printed: a save that leaves it as it was prints nothing more.
  let shown: string | undefined
  const failed = (text: string) => {
    if (text === shown) return
    shown = text
    err(text)
  }

  async function format(errors: Message[]): Promise<string> {
    const { formatMessages } = await import('esbuild')
    const color = process.stderr.isTTY === true
    return (await formatMessages(errors, { kind: 'error', color })).join('').trimEnd()
  }

  return {
    format,
    async buildFailed(errors) {
      failed(
        `Not reloaded: src/ does not compile; the last good handler still serves.\n${await format(errors)}`,
      )
    },
    loadFailed(error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
      failed(
        `Not reloaded: the new handler failed to load; the last good one still serves.\n${detail}`,
      )
    },
    outsideHandler(files) {
      const sources = files.filter((file) => SOURCE.test(file))
      if (sources.some((file) => CONSOLE.test(file))) forgetConsoleScript()
      for (const file of sources.filter((each) => DEV_SERVER.test(each)))
        out(
          `src/${file} is part of the dev server, not of the handler: restart npm run dev to apply it.`,
        )
    },
    unchanged() {
      if (shown === undefined) return
      shown = undefined
      out('src/ compiles again; the handler is as it was.')
    },
    reloaded(files, ms) {
      shown = undefined
      // An editor's temporary file may be all a save reported in time: then no file is named.
      const named = files.length === 0 ? '' : ` (${files.map((file) => `src/${file}`).join(', ')})`
      out(`Reloaded the handler${named} in ${Math.round(ms)} ms.`)
    },
  }
}

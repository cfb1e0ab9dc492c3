import { fileURLToPath } from 'node:url'

const ENTRY = fileURLToPath(new URL('../../console/main.ts', import.meta.url))

let bundled: Promise<Buffer> | undefined

/**
 * The console's script: its TypeScript and what it imports (the typed client, lossless-json,
 * CodeMirror) bundled by esbuild into one ES module, on first request, kept in memory. Built
 * from the sources each time the stack starts, it cannot be stale; esbuild is loaded only
 * then, so the API alone never needs it.
 */
export function consoleScript(): Promise<Buffer> {
  bundled ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [ENTRY],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        write: false,
        legalComments: 'none',
        logLevel: 'silent',
      }),
    )
    .then((result) => Buffer.from(result.outputFiles[0]?.contents ?? new Uint8Array()))
  // A failed build is not kept: the next request tries again (after a fix to the source).
  bundled.catch(() => {
    bundled = undefined
  })
  return bundled
}

/** Drops the built script: `npm run dev` after a change to its sources, to build it anew. */
export function forgetConsoleScript(): void {
  bundled = undefined
}

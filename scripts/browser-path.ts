import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** Where to look, and how: the process's own by default, fakes in a test. */
export interface BrowserSearch {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly platform: NodeJS.Platform
  readonly home: string
  readonly isExecutable: (path: string) => boolean
}

export type BrowserLookup =
  | { readonly found: true; readonly path: string }
  | { readonly found: false; readonly problem: string }

/** The names Linux distributions install Chrome and Chromium under (Debian's first). */
const LINUX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

/** Where packages put them when PATH does not say: snap, and Google's own .deb and .rpm. */
const LINUX_PATHS = ['/snap/bin/chromium', '/opt/google/chrome/chrome']

const MACOS_APPS = [
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Chromium.app/Contents/MacOS/Chromium',
]

/** The places to try, in order, after CHROME_PATH. */
export function browserCandidates({ env, platform, home }: Omit<BrowserSearch, 'isExecutable'>) {
  if (platform === 'darwin') {
    return ['/Applications', join(home, 'Applications')].flatMap((folder) =>
      MACOS_APPS.map((app) => join(folder, app)),
    )
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter((folder) => folder !== '')
  const folders = [...new Set(['/usr/bin', ...onPath])]
  return [
    ...new Set([
      ...LINUX_NAMES.flatMap((name) => folders.map((folder) => join(folder, name))),
      ...LINUX_PATHS,
    ]),
  ]
}

/** One line: how to get a browser the tests can drive, on this platform. */
export function howToGetABrowser(platform: NodeJS.Platform): string {
  const install =
    platform === 'darwin'
      ? 'install Google Chrome (https://www.google.com/chrome/) or Chromium (brew install --cask chromium)'
      : "install Chromium or Chrome (Debian/Ubuntu: sudo apt-get install chromium; Fedora: sudo dnf install chromium; or Google's package from https://www.google.com/chrome/)"
  return `The browser tests need Chrome or Chromium and found neither: ${install}, or set CHROME_PATH to its executable. npm run test:unit (and test:integration, test:e2e) run without one.`
}

/**
 * The Chrome or Chromium the browser tests drive: CHROME_PATH when set (and then only it, so
 * that a wrong value is an error, not a silent fallback), else the first of the usual places.
 */
export function findBrowser(search: BrowserSearch = processSearch()): BrowserLookup {
  const chosen = search.env.CHROME_PATH
  if (chosen !== undefined && chosen !== '') {
    return search.isExecutable(chosen)
      ? { found: true, path: chosen }
      : {
          found: false,
          problem: `CHROME_PATH is ${chosen}, which is not an executable file: set it to Chrome's or Chromium's executable, or unset it to search the usual places.`,
        }
  }
  const path = browserCandidates(search).find(search.isExecutable)
  return path === undefined
    ? { found: false, problem: howToGetABrowser(search.platform) }
    : { found: true, path }
}

/** A regular file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function processSearch(): BrowserSearch {
  return {
    env: process.env,
    platform: process.platform,
    home: process.env.HOME ?? '',
    isExecutable: isExecutableFile,
  }
}

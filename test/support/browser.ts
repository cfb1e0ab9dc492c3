import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { findBrowser } from '../../scripts/browser-path.js'

/** Chrome or Chromium from CHROME_PATH or the usual places (scripts/browser-path.ts). */
function browserExecutable(): string {
  const lookup = findBrowser()
  if (!lookup.found) throw new Error(lookup.problem)
  return lookup.path
}

export interface RunningBrowser {
  readonly context: BrowserContext
  close(): Promise<void>
}

/**
 * Headless Chrome or Chromium for end-to-end tests of the console, in a fresh profile. The machine has
 * no network beyond 127.0.0.1: without these flags Chromium waits on connections it tries on
 * its own (updates, sync, QUIC probes) and hangs.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  const executablePath = browserExecutable()
  const profile = await mkdtemp(join(tmpdir(), 'serverless-lab-chromium-'))
  const removeProfile = () => rm(profile, { recursive: true, force: true })
  // Playwright takes the profile folder as an argument of its own, not as --user-data-dir.
  const launching = chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  // A browser that fails to start leaves no profile behind.
  const context = await launching.catch(async (error: unknown) => {
    await removeProfile()
    throw error
  })
  return {
    context,
    async close() {
      try {
        await context.close()
      } finally {
        await removeProfile()
      }
    },
  }
}

/**
 * Collects into `problems` what a page logs as an error and what it throws: a console test
 * ends by expecting none. The browser logs each 4xx answer; the API's error answers are
 * expected, so those lines are not problems.
 */
export function collectPageProblems(page: Page, problems: string[]): void {
  const expected = /^Failed to load resource: the server responded with a status of 4\d\d/
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
}

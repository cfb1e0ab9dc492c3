import { onTestFinished } from 'vitest'

/**
 * Runs `cleanup` when the current test finishes, whether it passed or failed, so that a failed
 * assertion leaves no process running and no folder behind: `afterTest(() =>
 * stack.stop('SIGKILL'))`. It is `onTestFinished` for cleanups that resolve to a value (an
 * exit status). Call it inside a test, right after starting or creating what it cleans up:
 * the latest registered runs first, so a folder registered before the process that uses it
 * is removed once that process has stopped.
 */
export function afterTest(cleanup: () => unknown): void {
  onTestFinished(async () => {
    await cleanup()
  })
}

/**
 * `npm test`'s pretest (and .ci/run): makes sure the browser tests have a Chrome or Chromium
 * to drive (scripts/browser-path.ts says where it looks), and prints its path. Where there is
 * none, it installs Debian's Chromium with apt-get if this user may (root, as on CI);
 * otherwise it stops the run at once with one line saying how to get one, rather than
 * letting the browser tests fail after the others have run.
 */
import { spawnSync } from 'node:child_process'
import { findBrowser, isExecutableFile } from './browser-path.js'

const canAptGet = () =>
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  !process.env.CHROME_PATH &&
  ['/usr/bin/apt-get', '/bin/apt-get'].some(isExecutableFile)

function aptGetChromium(): void {
  console.error("installing Debian's chromium for the browser tests…")
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const { status } = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] })
    if (status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${status}).`)
      process.exit(1)
    }
  }
}

let lookup = findBrowser()
if (!lookup.found && canAptGet()) {
  aptGetChromium()
  lookup = findBrowser()
}
if (!lookup.found) {
  console.error(lookup.problem)
  process.exit(1)
}
console.log(`browser for the browser tests: ${lookup.path}`)

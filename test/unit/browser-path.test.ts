import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { type BrowserSearch, findBrowser } from '../../scripts/browser-path.js'

/** A machine where exactly these files are executable. */
function machine(
  executables: readonly string[],
  { env = {}, platform = 'linux', home = '/home/me' }: Partial<BrowserSearch> = {},
): BrowserSearch {
  return { env, platform, home, isExecutable: (path) => executables.includes(path) }
}

const pathOf = (search: BrowserSearch) => {
  const lookup = findBrowser(search)
  return lookup.found ? lookup.path : undefined
}

describe('finding the browser the browser tests drive', () => {
  it.each([
    ["Debian's Chromium", '/usr/bin/chromium'],
    ["Fedora's and older Ubuntu's Chromium", '/usr/bin/chromium-browser'],
    ["Google's Chrome package", '/usr/bin/google-chrome'],
    ["Google's Chrome package, by its other name", '/usr/bin/google-chrome-stable'],
    ['the snap of Chromium', '/snap/bin/chromium'],
    ["Google's Chrome where no link was made", '/opt/google/chrome/chrome'],
  ])('finds %s on Linux (%s)', (_, path) => {
    expect(pathOf(machine([path]))).toBe(path)
  })

  it('finds a browser on PATH under any of the usual names (NixOS, Homebrew, a download)', () => {
    const search = machine(['/nix/profile/bin/chromium'], {
      env: { PATH: '/usr/local/bin:/nix/profile/bin' },
    })
    expect(pathOf(search)).toBe('/nix/profile/bin/chromium')
  })

  it("prefers Debian's /usr/bin/chromium, as CI installs it, to others present", () => {
    const search = machine(['/usr/bin/google-chrome', '/usr/bin/chromium', '/snap/bin/chromium'])
    expect(pathOf(search)).toBe('/usr/bin/chromium')
  })

  it.each([
    ['Google Chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    ['Chromium', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
    [
      "a user's own Chrome",
      '/Users/me/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
  ])('finds %s on macOS (%s)', (_, path) => {
    expect(pathOf(machine([path], { platform: 'darwin', home: '/Users/me' }))).toBe(path)
  })

  it('does not take a Linux path on macOS', () => {
    expect(pathOf(machine(['/usr/bin/chromium'], { platform: 'darwin' }))).toBeUndefined()
  })

  it('takes CHROME_PATH first, wherever it points', () => {
    const search = machine(['/usr/bin/chromium', '/opt/chrome-linux64/chrome'], {
      env: { CHROME_PATH: '/opt/chrome-linux64/chrome' },
    })
    expect(pathOf(search)).toBe('/opt/chrome-linux64/chrome')
  })

  it('refuses a CHROME_PATH that is not an executable, naming it, rather than searching on', () => {
    const lookup = findBrowser(
      machine(['/usr/bin/chromium'], { env: { CHROME_PATH: '/opt/chrome' } }),
    )
    expect(lookup).toEqual({
      found: false,
      problem: expect.stringMatching(/^CHROME_PATH is \/opt\/chrome, /),
    })
  })

  it.each([
    ['linux', /sudo apt-get install chromium/],
    ['darwin', /Google Chrome/],
  ] as const)('says in one line how to get one on %s where there is none', (platform, hint) => {
    const lookup = findBrowser(machine([], { platform, env: { PATH: '/usr/bin:/bin' } }))
    expect(lookup.found).toBe(false)
    const problem = lookup.found ? '' : lookup.problem
    expect(problem).not.toContain('\n')
    expect(problem).toMatch(hint)
    expect(problem).toMatch(/CHROME_PATH/)
    expect(problem).toMatch(/npm run test:unit/)
  })
})

describe("npm test's pretest (scripts/ensure-browser.ts)", () => {
  it('stops at once with one line, installing nothing, when CHROME_PATH is wrong', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-browser.ts'], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: { ...process.env, CHROME_PATH: '/nonexistent/chrome' },
      encoding: 'utf8',
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^CHROME_PATH is \/nonexistent\/chrome, which is not an executable/),
    ])
  })
})

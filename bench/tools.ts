import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'

/** Whether a command is on PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

/**
 * Makes a Debian package's command available, installing the package with apt-get where it
 * is missing and this process may (root, apt-get present). Returns why not, if not.
 */
export function ensureDebianPackage(pkg: string, isPresent: () => boolean): string | undefined {
  if (isPresent()) return undefined
  if (process.getuid?.() !== 0 || !hasCommand('apt-get'))
    return `${pkg} is not installed and apt-get is not usable here`
  console.log(`installing Debian package ${pkg}…`)
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' })
  const install = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'ignore' })
  if (update.status !== 0 || install.status !== 0 || !isPresent())
    return `apt-get install ${pkg} failed`
  return undefined
}

export const DEBIAN_PYTHON = '/usr/bin/python3'

export function debianBoto3Version(): string | undefined {
  if (!existsSync(DEBIAN_PYTHON)) return undefined
  const result = spawnSync(DEBIAN_PYTHON, ['-c', 'import boto3; print(boto3.__version__)'], {
    encoding: 'utf8',
  })
  return result.status === 0 ? result.stdout.trim() : undefined
}

let boto3: { readonly version: string } | { readonly missing: string } | undefined

/**
 * Debian's boto3 for the original lab's handler, installed where missing: its version, or
 * why it is not there. Settled once per run, for every section that needs it.
 */
export function ensureDebianBoto3(): { readonly version: string } | { readonly missing: string } {
  if (boto3 !== undefined) return boto3
  let version: string | undefined
  const missing = ensureDebianPackage('python3-boto3', () => {
    version = debianBoto3Version()
    return version !== undefined
  })
  boto3 = missing === undefined && version !== undefined ? { version } : { missing: missing ?? '' }
  return boto3
}

/** The versions compared: serverless 4 cannot run offline (it downloads a binary and wants a login). */
export const SERVERLESS_VERSIONS = { serverless: '3.40.0', 'serverless-offline': '13.9.0' } as const

export const TOOLS_DIR = new URL('./.tools/', import.meta.url)

/**
 * serverless and serverless-offline, installed from the npm registry into bench/.tools on
 * first use (kept out of the project's dependencies: they are only compared against).
 */
export async function ensureServerlessOffline(): Promise<string | undefined> {
  const bin = new URL('node_modules/.bin/serverless', TOOLS_DIR)
  if (existsSync(bin)) return undefined
  console.log('installing serverless and serverless-offline into bench/.tools…')
  await mkdir(TOOLS_DIR, { recursive: true })
  await writeFile(
    new URL('package.json', TOOLS_DIR),
    JSON.stringify({ name: 'bench-tools', private: true }),
  )
  try {
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--save-exact',
        ...Object.entries(SERVERLESS_VERSIONS).map(([name, version]) => `${name}@${version}`),
      ],
      { cwd: TOOLS_DIR, stdio: 'ignore' },
    )
  } catch {
    return 'npm install of serverless and serverless-offline failed'
  }
  return existsSync(bin) ? undefined : 'serverless did not install'
}

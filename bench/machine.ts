import { readFileSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'

const PROJECT_ROOT = new URL('../', import.meta.url)

/** The installed version of a package, read from its package.json. */
export function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(
      readFileSync(new URL(`node_modules/${name}/package.json`, PROJECT_ROOT), 'utf8'),
    )
    return String(manifest.version)
  } catch {
    return 'not installed'
  }
}

/** One line per fact about the machine a figure was measured on. */
export function describeMachine(): string[] {
  const processors = cpus()
  return [
    `CPU: ${processors[0]?.model ?? 'unknown'} × ${processors.length}`,
    `Memory: ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `OS: Linux ${release()}`,
    `Node.js: ${process.version}`,
  ]
}

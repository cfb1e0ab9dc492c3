import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The parts of V8's .cpuprofile format read here. */
interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number
    readonly callFrame: {
      readonly functionName: string
      readonly url: string
      readonly lineNumber: number
    }
    readonly children?: readonly number[]
  }>
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** Where a line of a bundle came from: esbuild marks each module with `// node_modules/x/…`. */
async function bundleOwners(bundleFile: string): Promise<string[]> {
  const lines = (await readFile(bundleFile, 'utf8')).split('\n')
  const owners: string[] = []
  let owner = 'the bundle itself (parsing, esbuild runtime)'
  for (const line of lines) {
    const module = /^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1]
    if (module) owner = module
    else if (line.startsWith('// src/')) owner = 'this project'
    owners.push(owner)
  }
  return owners
}

/** A sample's owner: the npm package, this project's source, a part of Node.js, or V8's own. */
function ownerOf(
  url: string,
  line: number,
  functionName: string,
  bundle: { url: string; owners: string[] } | undefined,
): string | undefined {
  if (bundle && url.endsWith(bundle.url))
    return bundle.owners[line] ?? 'the bundle itself (parsing, esbuild runtime)'
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]
  if (module) return module === 'tsx' ? undefined : module
  if (url.includes('/src/')) return 'this project'
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`
  if (url === '')
    return functionName === '(idle)'
      ? 'idle'
      : functionName.startsWith('(')
        ? `V8 ${functionName}`
        : 'native (syscalls)'
  return undefined
}

export interface ProfileShare {
  readonly owner: string
  /** Share of the sampled time spent in this owner's own code (self time). */
  readonly selfShare: number
  /** The same, in milliseconds per profiled run. */
  readonly milliseconds: number
}

/**
 * Self time per owner over every .cpuprofile in a folder, idle left out: where the CPU
 * actually went. A bundle file, when given, is attributed module by module.
 */
export async function profileShares(folder: string, bundleFile?: string): Promise<ProfileShare[]> {
  const bundle = bundleFile
    ? { url: bundleFile.split('/').pop() ?? '', owners: await bundleOwners(bundleFile) }
    : undefined
  const totals = new Map<string, number>()
  let busy = 0
  const files = (await readdir(folder)).filter((name) => name.endsWith('.cpuprofile'))
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(folder, file), 'utf8')) as CpuProfile
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    const parent = new Map<number, number>()
    for (const node of profile.nodes)
      for (const child of node.children ?? []) parent.set(child, node.id)
    profile.samples.forEach((id, index) => {
      const delta = profile.timeDeltas[index] ?? 0
      // The sample's owner is the nearest frame that has one (tsx's loader frames have none).
      let current: number | undefined = id
      let owner: string | undefined
      while (current !== undefined && owner === undefined) {
        const node = byId.get(current)
        if (!node) break
        owner = ownerOf(
          node.callFrame.url,
          node.callFrame.lineNumber,
          node.callFrame.functionName,
          bundle,
        )
        current = parent.get(current)
      }
      if (owner === 'idle') return
      busy += delta
      totals.set(owner ?? 'other', (totals.get(owner ?? 'other') ?? 0) + delta)
    })
  }
  return [...totals]
    .map(([owner, time]) => ({
      owner,
      selfShare: time / busy,
      milliseconds: time / files.length / 1000,
    }))
    .sort((a, b) => b.selfShare - a.selfShare)
}

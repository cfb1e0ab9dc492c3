import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * Watches every folder under `root`, one watcher each, and calls `onChange` with the path of
 * each changed entry relative to `root`; a folder created later is watched from then on.
 * Not `fs.watch(root, { recursive: true })`: on Linux, Node 20 implements that in JavaScript
 * and misses a file replaced by a rename (how sed -i and many editors save).
 *
 * @example
 * const stop = watchTree('src', (file) => console.log(file)) // 'core/operations.ts'
 */
export function watchTree(root: string, onChange: (file: string) => void): () => void {
  const watchers = new Map<string, FSWatcher>()

  function watchFolder(folder: string): void {
    if (watchers.has(folder)) return
    try {
      watchers.set(
        folder,
        watch(folder, (event, name) => {
          if (name === null) return
          const path = join(folder, name.toString())
          if (event === 'rename' && isFolder(path)) watchFolder(path)
          onChange(relative(root, path))
        }),
      )
      for (const entry of readdirSync(folder, { withFileTypes: true }))
        if (entry.isDirectory()) watchFolder(join(folder, entry.name))
    } catch {
      // Gone before it could be watched: nothing in it to report.
    }
  }

  watchFolder(root)
  return () => {
    for (const watcher of watchers.values()) watcher.close()
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

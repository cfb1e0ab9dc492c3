import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url))

/** A checkout of another revision, for a before/after in one run. */
export interface RevisionWorktree {
  readonly path: string
  /** The revision as the report names it: `abc1234`, or `main~3 (abc1234)`. */
  readonly label: string
  remove(): Promise<void>
}

/**
 * A temporary, detached git worktree of `revision` of this repository, using this checkout's
 * node_modules (the revisions compared share their dependencies' versions, or near enough).
 */
export async function worktreeOfRevision(revision: string): Promise<RevisionWorktree> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, stdio: 'pipe' })
  const commit = git('rev-parse', '--short', revision).toString().trim()
  const path = await mkdtemp(join(tmpdir(), 'bench-revision-'))
  const remove = async () => {
    await rm(path, { recursive: true, force: true })
    git('worktree', 'prune')
  }
  try {
    git('worktree', 'add', '--detach', path, revision)
    await symlink(join(PROJECT_ROOT, 'node_modules'), join(path, 'node_modules'))
  } catch (error) {
    await remove()
    throw error
  }
  return { path, label: commit.startsWith(revision) ? commit : `${revision} (${commit})`, remove }
}

// @ts-check
/**
 * Whether another process holds a LevelDB data folder. LevelDB allows one process per
 * folder, and dynalite opens its database lazily: without this check a second `npm start`
 * would start, then crash on its first request. Plain JavaScript, so that the engine's
 * worker thread (engine-worker.js) can import it too.
 */
import { Level } from 'level'

/**
 * @param {string} path
 * @returns {Promise<boolean>} true when another process has the folder open
 */
export async function isDataFolderLocked(path) {
  const probe = new Level(path)
  try {
    await probe.open()
    await probe.close()
    return false
  } catch (error) {
    const cause = /** @type {{ cause?: { code?: string } }} */ (error).cause
    if (cause?.code === 'LEVEL_LOCKED') return true
    throw error
  }
}

import { mkdir } from 'node:fs/promises'
import { isDataFolderLocked } from './data-folder-lock.js'
import { dataFolderInUse, LocalExitCode, LocalStackError } from './local-stack-error.js'

/**
 * Makes sure the engine's data folder exists and no other process holds it, with a message
 * that names DATA_DIR when either fails. The engine checks the lock again when it opens
 * the folder; this early check only makes a second `npm start` fail before it loads the rest.
 */
export async function prepareDataFolder(path: string, dataDir: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true })
  } catch (error) {
    throw new LocalStackError(
      `DATA_DIR "${dataDir}" cannot be used as a data folder: ${(error as Error).message}`,
      LocalExitCode.SettingRefused,
    )
  }
  let locked: boolean
  try {
    locked = await isDataFolderLocked(path)
  } catch (error) {
    throw new LocalStackError(
      `DATA_DIR "${dataDir}" cannot be opened as a database: ${(error as Error).message}`,
      LocalExitCode.SettingRefused,
    )
  }
  if (locked) {
    throw dataFolderInUse(dataDir)
  }
}

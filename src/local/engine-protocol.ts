/** The messages between the local stack and its engine worker (engine-worker.ts). */
export interface EngineWorkerData {
  /** The LevelDB folder; undefined keeps the data in memory. */
  readonly dataPath: string | undefined
  readonly host: string
  readonly port: number
}

export type EngineWorkerMessage =
  | { readonly type: 'listening'; readonly port: number }
  | {
      readonly type: 'failed'
      readonly reason: 'data-folder-in-use' | 'port-in-use' | 'error'
      readonly detail?: string
    }
  | { readonly type: 'stopped'; readonly detail?: string | undefined }

import { TABLE as LAB_TABLE } from '../src/table/definition.js'
import type { FunctionBundle } from '../test/support/function-bundle.js'
import { type LocalStackProcess, postManager } from '../test/support/local-stack-process.js'

/** What every benchmark section shares: one engine (the local stack's), one bundle, one shape. */
export interface BenchContext {
  readonly seconds: number
  readonly rounds: number
  readonly connections: number
  /** The local stack under test; its embedded engine is the one engine every system uses. */
  readonly stack: LocalStackProcess
  /** The function's code as the CDK app ships it. */
  readonly bundle: FunctionBundle
  /** Where the original lab's handler lies (../shared/baseline), if it is there. */
  readonly baselineDir: string | undefined
  /** Why serverless-offline cannot be compared here, if it cannot. */
  readonly serverlessOfflineUnavailable: string | undefined
}

export const TABLE = LAB_TABLE.tableName
export const READ_KEY = { id: 'bench-read' } as const
/** The read every system serves under load, as the API's request body or a direct invocation. */
export const READ_REQUEST = { operation: 'read', payload: { Key: READ_KEY } } as const

/** Writes the item READ_REQUEST reads. */
export async function seedReadItem(stack: LocalStackProcess): Promise<void> {
  await postManager(stack.url, {
    operation: 'create',
    payload: { Item: { ...READ_KEY, name: 'Bob', n: 5 } },
  })
}

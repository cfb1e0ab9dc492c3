import type { FunctionBundle } from '../test/support/function-bundle.js'
import type { LocalStackProcess } from '../test/support/local-stack-process.js'

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

export const TABLE = 'lambda-apigateway'
export const READ_KEY = { id: 'bench-read' } as const

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { startTestEngine, type TestEngine } from './embedded-engine.js'
import { type FunctionBundle, synthesizeFunctionBundle } from './function-bundle.js'

export interface BundleUnderTest {
  /** A real DynamoDB engine (dynalite) for the bundle to call. */
  readonly engine: TestEngine
  /** The function's asset alone in a folder, with `driver.mjs` beside it. */
  readonly bundle: FunctionBundle
}

/**
 * For a describe block: before its tests, a DynamoDB engine and the function bundle as the
 * CDK app ships it, with `driver` written beside it as driver.mjs (what runs the handler as
 * Lambda's runtime would); both gone after them. Read the fields inside tests or hooks.
 */
export function useBundleUnderTest(driver: string): BundleUnderTest {
  const state: { engine?: TestEngine; bundle?: FunctionBundle } = {}
  beforeAll(async () => {
    state.engine = await startTestEngine()
    state.bundle = synthesizeFunctionBundle()
    writeFileSync(join(state.bundle.dir, 'driver.mjs'), driver)
  }, 60_000)
  afterAll(async () => {
    await state.engine?.stop()
    state.bundle?.remove()
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the bundle under test is read before its beforeAll')
    return value
  }
  return {
    get engine() {
      return ready(state.engine)
    },
    get bundle() {
      return ready(state.bundle)
    },
  }
}

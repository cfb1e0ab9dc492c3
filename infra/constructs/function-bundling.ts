import { fileURLToPath } from 'node:url'
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'

/**
 * How the handler's code is built into the function's bundle, by the local esbuild (no
 * Docker). Apart from LabFunction, the benchmark uses it: it profiles an unminified build
 * made with the same settings.
 */

/** The repository's root, where package-lock.json and src/ are. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The Lambda entry, bundled by path: the CDK app never imports the handler's code. */
export const HANDLER_ENTRY = fileURLToPath(
  new URL('../../src/lambda/lambda-entry.ts', import.meta.url),
)

export const FUNCTION_BUNDLING: BundlingOptions = {
  // CommonJS loads about 10 ms faster than the same bundle as ESM on a cold start
  // (docs/benchmarks.md), and needs no shim for the SDK's CommonJS parts. ES module
  // sources first, so that esbuild can drop the parts of the SDK never imported.
  format: OutputFormat.CJS,
  mainFields: ['module', 'main'],
  // The runtime's own SDK may differ from the pinned one the tests ran against.
  bundleAwsSDK: true,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node24',
}

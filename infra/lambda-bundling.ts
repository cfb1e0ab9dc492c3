/**
 * How the Lambda function is bundled: one definition for the CDK app (NodejsFunction's
 * `bundling` props) and for the benchmark that measures the deployable bundle's cold start,
 * so that what is measured is what ships.
 */
export const LAMBDA_ENTRY = 'src/lambda/handler.ts'

export const LAMBDA_BUNDLING = {
  /** Runs on every Node.js runtime Lambda offers, and on the Node.js 20 of this project. */
  target: 'node20',
  format: 'cjs',
  minify: true,
  /**
   * ES modules first: esbuild can then drop the parts of the AWS SDK the handler does not
   * import, which CommonJS builds keep. A smaller bundle starts faster.
   */
  mainFields: ['module', 'main'],
  sourceMap: false,
  /** The pinned SDK is bundled, not taken from the runtime: Lambda runs what was tested. */
  externalModules: [] as string[],
} as const

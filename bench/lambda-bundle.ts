import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { LAMBDA_BUNDLING, LAMBDA_ENTRY } from '../infra/lambda-bundling.js'

const PROJECT_ROOT = new URL('../', import.meta.url).pathname

export interface LambdaBundle {
  readonly file: string
  readonly bytes: number
  readonly gzipBytes: number
}

/** Builds the deployable bundle with the CDK app's own bundling settings. */
export async function buildLambdaBundle(outdir: string): Promise<LambdaBundle> {
  const file = join(outdir, 'index.js')
  await build({
    entryPoints: [join(PROJECT_ROOT, LAMBDA_ENTRY)],
    bundle: true,
    platform: 'node',
    target: LAMBDA_BUNDLING.target,
    format: LAMBDA_BUNDLING.format,
    minify: LAMBDA_BUNDLING.minify,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    external: [...LAMBDA_BUNDLING.externalModules],
    outfile: file,
    logLevel: 'warning',
  })
  const content = await readFile(file)
  return { file, bytes: content.byteLength, gzipBytes: gzipSync(content).byteLength }
}

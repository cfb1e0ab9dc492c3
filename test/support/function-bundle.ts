import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { DynamoDBManagerStack } from '../../infra/stacks/dynamodb-manager-stack.js'
import { CDK_JSON_CONTEXT } from './cdk.js'

export interface FunctionBundle {
  /** A folder holding the asset alone, as Lambda unpacks it into /var/task. */
  readonly dir: string
  /** The handler module. */
  readonly file: string
  /** NODE_OPTIONS the function runs with, from its environment in the template. */
  readonly nodeOptions: string
  readonly bytes: number
  readonly gzipBytes: number
  remove(): void
}

interface FunctionResource {
  readonly Type: string
  readonly Properties: {
    readonly Code?: { readonly S3Key?: string }
    readonly Handler?: string
    readonly Environment?: { readonly Variables?: Record<string, unknown> }
  }
}

/**
 * The function's code exactly as the CDK app ships it: a stack is synthesized, bundling
 * on, and its Lambda asset copied alone into a new folder. Tests run it with plain node;
 * the benchmark times its cold start.
 */
export function synthesizeFunctionBundle(): FunctionBundle {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-bundle-'))
  const dir = mkdtempSync(join(tmpdir(), 'lambda-task-'))
  const remove = () => rmSync(dir, { recursive: true, force: true })
  let fn: FunctionResource | undefined
  try {
    const app = new App({ outdir, context: { ...CDK_JSON_CONTEXT } })
    const stack = new DynamoDBManagerStack(app, 'Bundled', { env: { region: 'eu-west-1' } })
    const template = Template.fromStack(stack).toJSON()
    const resources = template.Resources as Record<string, FunctionResource>
    fn = Object.values(resources).find(
      (each) => each.Type === 'AWS::Lambda::Function' && each.Properties.Code?.S3Key,
    )
    const key = String(fn?.Properties.Code?.S3Key).replace(/\.zip$/, '')
    cpSync(join(outdir, `asset.${key}`), dir, { recursive: true })
  } catch (error) {
    // A failed synth or copy leaves no folder behind: there is no bundle to remove() it from.
    remove()
    throw error
  } finally {
    rmSync(outdir, { recursive: true, force: true })
  }
  // Handler "index.handler" names index.mjs (or index.js) in the asset.
  const moduleName = (fn?.Properties.Handler ?? 'index.handler').split('.')[0] ?? 'index'
  const file = [join(dir, `${moduleName}.mjs`), join(dir, `${moduleName}.js`)].find((candidate) => {
    try {
      readFileSync(candidate)
      return true
    } catch {
      return false
    }
  })
  if (file === undefined) {
    remove()
    throw new Error(`no ${moduleName}.mjs or .js in the function asset`)
  }
  const content = readFileSync(file)
  return {
    dir,
    file,
    nodeOptions: String(fn?.Properties.Environment?.Variables?.NODE_OPTIONS ?? ''),
    bytes: content.byteLength,
    gzipBytes: gzipSync(content).byteLength,
    remove,
  }
}

import { readFileSync } from 'node:fs'
import { UsageError } from './exit-codes.js'

/** What the CLI takes from one stack's outputs: where the API is and how it is reached. */
export interface DeployOutputs {
  readonly stackName: string
  readonly managerUrl: string
  readonly region: string
  /** Present when the API takes API keys: the id of the stack's key, not the key itself. */
  readonly apiKeyId: string | undefined
}

/** The outputs without which the CLI cannot call the API. */
const REQUIRED = ['ManagerUrl', 'Region'] as const

const SHAPE = '{"<StackName>": {"ManagerUrl": …, "Region": …}}, as cdk deploy --outputs-file writes'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

/**
 * One stack's outputs from the JSON `cdk deploy --outputs-file FILE` writes: the stack named
 * by `stack`, else the only one that has a ManagerUrl (a multi-region deploy also writes
 * stacks without an API). Every mistake is a UsageError of one line saying what to do.
 *
 * @example
 * deployOutputsFrom({ Lab: { ManagerUrl: 'https://…/Prod/DynamoDBManager', Region: 'eu-west-1' } }, 'out.json')
 * // → { stackName: 'Lab', managerUrl: 'https://…', region: 'eu-west-1', apiKeyId: undefined }
 */
export function deployOutputsFrom(
  json: unknown,
  file: string,
  stack?: string | undefined,
  flag = '--outputs-file',
): DeployOutputs {
  const stacks = isRecord(json) ? Object.entries(json).filter(([, each]) => isRecord(each)) : []
  if (stacks.length === 0)
    throw new UsageError(`${flag} ${file} holds no stack outputs; expected ${SHAPE}.`)
  const names = stacks.map(([name]) => name).join(', ')
  let chosen: [string, unknown] | undefined
  if (stack !== undefined) {
    chosen = stacks.find(([name]) => name === stack)
    if (chosen === undefined)
      throw new UsageError(`--stack ${stack} is not in ${file}; it holds ${names}.`)
  } else {
    const withApi = stacks.filter(([, each]) => isRecord(each) && 'ManagerUrl' in each)
    if (withApi.length > 1)
      throw new UsageError(
        `${file} holds several stacks with an API (${withApi.map(([name]) => name).join(', ')}): pick one with --stack NAME.`,
      )
    chosen = withApi[0] ?? (stacks.length === 1 ? stacks[0] : undefined)
    if (chosen === undefined)
      throw new UsageError(
        `No stack in ${file} has a ManagerUrl (it holds ${names}); expected ${SHAPE}.`,
      )
  }
  const [stackName, outputs] = chosen as [string, Record<string, unknown>]
  const missing = REQUIRED.filter((key) => text(outputs[key]) === undefined)
  if (missing.length > 0)
    throw new UsageError(
      `Stack ${stackName} in ${file} has no ${missing.join(' or ')} output: deploy the current CDK app, or give --url and --region.`,
    )
  return {
    stackName,
    managerUrl: outputs.ManagerUrl as string,
    region: outputs.Region as string,
    apiKeyId: text(outputs.ApiKeyId),
  }
}

/**
 * Reads `cdk deploy --outputs-file FILE`'s JSON, synchronously (a small file, read once before
 * any request); see deployOutputsFrom. `flag` is the option that named the file, for messages.
 */
export function readDeployOutputsSync(
  file: string,
  stack?: string | undefined,
  flag = '--outputs-file',
): DeployOutputs {
  let content: string
  try {
    content = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); write it with cdk deploy --outputs-file ${file}.`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch (error) {
    throw new UsageError(`${flag} ${file} is not JSON: ${(error as Error).message}`)
  }
  return deployOutputsFrom(json, file, stack, flag)
}

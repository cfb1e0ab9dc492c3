import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { ACCOUNT_ROLE_PARAMETER } from './preflight/account-role-mode.js'
import type { PreflightIo } from './preflight/report.js'
import { type PreflightOutcome, runPreflightCommand } from './preflight/run.js'

/**
 * `npm run deploy -- [cdk deploy flags]`: preflight with the same flags, then, only when it
 * finds no problem, `cdk deploy` with every flag as given and the parameters preflight
 * decided (the account's CloudWatch role, per stack).
 */

/** Whether the command line already gives a stack's parameter (`STACK:KEY=…` or `KEY=…`). */
function givesParameter(args: readonly string[], stack: string, key: string): boolean {
  return args.some(
    (arg, index) =>
      (args[index - 1] === '--parameters' || arg.startsWith('--parameters=')) &&
      [`${stack}:${key}=`, `${key}=`].some((start) =>
        arg.replace(/^--parameters=/, '').startsWith(start),
      ),
  )
}

/**
 * The arguments of the `cdk deploy` to run: the user's, then each parameter preflight
 * decided that the user did not give.
 *
 * @example
 * cdkDeployArgs(['--all', '-c', 'env=dev'], ['DynamoDBManager-dev:ApiGatewayAccountRole=keep'])
 * // → ['deploy', '--no-notices', '--all', '-c', 'env=dev',
 * //    '--parameters', 'DynamoDBManager-dev:ApiGatewayAccountRole=keep']
 */
export function cdkDeployArgs(args: readonly string[], parameters: readonly string[]): string[] {
  const added = parameters.filter((each) => {
    const [stack = ''] = each.split(':')
    return !givesParameter(args, stack, ACCOUNT_ROLE_PARAMETER)
  })
  return ['deploy', '--no-notices', ...args, ...added.flatMap((each) => ['--parameters', each])]
}

/** The environment of the `cdk deploy`: the caller's, without the CLI's telemetry. */
export function cdkDeployEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, CDK_DISABLE_CLI_TELEMETRY: 'true' }
}

export interface DeployDeps {
  preflight(args: readonly string[], io: PreflightIo): Promise<PreflightOutcome>
  /** Runs the CDK CLI with these arguments; resolves to its exit code. */
  cdk(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number>
}

/** The CDK CLI of the project's node_modules, run by this Node.js. */
function runCdk(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cli = createRequire(import.meta.url).resolve('aws-cdk/bin/cdk')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env })
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)))
  })
}

const defaultDeps: DeployDeps = { preflight: runPreflightCommand, cdk: runCdk }

/**
 * Preflight, then the deploy. `--help` goes straight to `cdk deploy --help`.
 *
 * @example
 * process.exitCode = await deploy(process.argv.slice(2), process)
 */
export async function deploy(
  args: readonly string[],
  io: PreflightIo & { readonly env: NodeJS.ProcessEnv },
  deps: DeployDeps = defaultDeps,
): Promise<number> {
  const env = cdkDeployEnv(io.env)
  if (args.includes('--help') || args.includes('-h')) return deps.cdk(cdkDeployArgs(args, []), env)
  const preflight = await deps.preflight(args, io)
  if (preflight.code !== 0) {
    io.stderr.write('deploy: not started; preflight found what would fail (above).\n')
    return preflight.code
  }
  return deps.cdk(cdkDeployArgs(args, preflight.parameters), env)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await deploy(process.argv.slice(2), process)
}

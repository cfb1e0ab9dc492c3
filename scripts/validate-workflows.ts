import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type ValidationError, validateAction, validateWorkflow } from '@action-validator/core'

/**
 * `npm run workflows`: validates every GitHub Actions workflow (.github/workflows/*.yml) and
 * local action (.github/actions/NAME/action.yml) against GitHub's schemas, offline, with
 * action-validator (a WebAssembly build: no binary to download, no network): unknown keys,
 * missing required ones, a `needs` naming no job, malformed expressions where it can tell.
 * Prints a line per problem, `FILE: PATH: WHAT`, and exits 1 if there is any.
 */

/** The workflow and action files under `root`'s .github folder, relative to `root`. */
export function workflowFiles(root: string): string[] {
  const github = join(root, '.github')
  const workflows = join(github, 'workflows')
  const actions = join(github, 'actions')
  const yaml = (name: string) => /\.ya?ml$/.test(name)
  return [
    ...(existsSync(workflows)
      ? readdirSync(workflows)
          .filter(yaml)
          .map((name) => join(workflows, name))
      : []),
    ...(existsSync(actions)
      ? readdirSync(actions).flatMap((name) =>
          ['action.yml', 'action.yaml']
            .map((file) => join(actions, name, file))
            .filter((file) => existsSync(file)),
        )
      : []),
  ]
    .map((file) => relative(root, file))
    .sort()
}

/** The innermost errors: a `oneOf` error holds, per branch, why that branch did not match. */
function leafErrors(errors: readonly ValidationError[]): ValidationError[] {
  return errors.flatMap((error) =>
    'states' in error && error.states !== undefined && error.states.length > 0
      ? leafErrors(error.states.flatMap((state) => state.errors))
      : [error],
  )
}

function describe(error: ValidationError): string {
  const where =
    'path' in error
      ? error.path
      : error.location === undefined
        ? ''
        : `line ${error.location.line}, column ${error.location.column}`
  return `${where || '(file)'}: ${error.title}${error.detail === undefined ? '' : ` (${error.detail})`}`
}

/**
 * One line per problem of one file's text; none when it is valid. An action file is named
 * action.yml (or .yaml); anything else is a workflow.
 *
 * @example
 * workflowProblems('.github/workflows/deploy.yml', 'on: push\njobs: {}')
 */
export function workflowProblems(file: string, text: string): string[] {
  const isAction = /(^|\/)action\.ya?ml$/.test(file)
  const { errors } = isAction ? validateAction(text) : validateWorkflow(text)
  return [...new Set(leafErrors(errors).map((error) => `${file}: ${describe(error)}`))]
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2] ?? '.'
  const files = workflowFiles(root)
  const problems = files.flatMap((file) =>
    workflowProblems(file, readFileSync(join(root, file), 'utf8')),
  )
  for (const problem of problems) process.stderr.write(`${problem}\n`)
  if (files.length === 0) {
    process.stderr.write(`workflows: no workflow under ${join(root, '.github')}\n`)
    process.exitCode = 1
  } else if (problems.length > 0) {
    process.stderr.write(`workflows: ${problems.length} problem(s) in ${files.length} file(s)\n`)
    process.exitCode = 1
  } else {
    process.stdout.write(`workflows: ${files.length} file(s) valid: ${files.join(', ')}\n`)
  }
}

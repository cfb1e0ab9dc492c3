import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { load } from 'js-yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { workflowFiles, workflowProblems } from '../../../scripts/validate-workflows.js'

const WORKFLOW = '.github/workflows/deploy.yml'
const ACTION = '.github/actions/deploy-and-smoke/action.yml'
const workflowText = readFileSync(WORKFLOW, 'utf8')
const actionText = readFileSync(ACTION, 'utf8')

interface Step {
  readonly uses?: string
  readonly run?: string
  readonly with?: Record<string, unknown>
}
interface Job {
  readonly needs?: string | string[]
  readonly environment?: string
  readonly permissions?: Record<string, string>
  readonly strategy?: { 'max-parallel'?: number; matrix?: Record<string, unknown> }
  readonly steps: Step[]
}
const workflow = load(workflowText) as {
  permissions: Record<string, string>
  jobs: Record<string, Job>
}
const action = load(actionText) as { runs: { steps: Step[] } }

/** A GitHub Actions expression as the YAML holds it. */
const expression = (inner: string) => `\${{ ${inner} }}`

const folder = mkdtempSync(join(tmpdir(), 'workflows-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('the workflow validation (npm run workflows)', () => {
  it("finds the delivery pipeline's workflow and its action, and finds them valid", () => {
    const files = workflowFiles('.')

    expect(files).toEqual(expect.arrayContaining([WORKFLOW, ACTION]))
    expect(files.flatMap((file) => workflowProblems(file, readFileSync(file, 'utf8')))).toEqual([])
  })

  it.each([
    [
      'a misspelt key',
      'runs-on: ubuntu-24.04',
      'runs_on: ubuntu-24.04',
      /Additional property 'runs_on' is not allowed/,
    ],
    [
      'a job that needs a job that is not there',
      'needs: [check, deploy-dev]',
      'needs: [check, deploy-prod]',
      /needs: Unresolved job \(unresolved job deploy-prod\)/,
    ],
    ['a permission level that does not exist', 'id-token: write', 'id-token: allow', /id-token/],
    [
      'a trigger that does not exist',
      'workflow_dispatch:',
      'workflow_dispatched:',
      /: \/on: .*workflow_dispatched/,
    ],
  ])('refuses %s, naming the file and where', (_, from, to, problem) => {
    expect(workflowText).toContain(from)

    const problems = workflowProblems(WORKFLOW, workflowText.replace(from, to))

    expect(problems.join('\n')).toMatch(problem)
    expect(problems.every((line) => line.startsWith(`${WORKFLOW}: /`))).toBe(true)
  })

  it('refuses an action step without its shell', () => {
    const problems = workflowProblems(ACTION, actionText.replace('      shell: bash\n', ''))

    expect(problems.join('\n')).toMatch(/shell/)
  })

  it('as a command, prints a line per problem and exits 1 on a broken workflow, 0 on a valid one', async () => {
    mkdirSync(join(folder, '.github/workflows'), { recursive: true })
    const run = () =>
      promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        'scripts/validate-workflows.ts',
        folder,
      ])
    writeFileSync(
      join(folder, '.github/workflows/ok.yml'),
      'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: "true"\n',
    )
    await expect(run()).resolves.toMatchObject({
      stdout: expect.stringContaining('1 file(s) valid'),
    })

    writeFileSync(
      join(folder, '.github/workflows/broken.yml'),
      'on: push\njobs:\n  a:\n    runs-on: x\n    needs: b\n    steps:\n      - run: "true"\n',
    )
    const failed = await run().then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    )

    expect(failed?.code).toBe(1)
    expect(failed?.stderr).toContain(
      '.github/workflows/broken.yml: /jobs/a/needs: Unresolved job (unresolved job b)\n',
    )
    expect(failed?.stderr).toContain('workflows: 1 problem(s) in 2 file(s)')
  })
})

describe('the delivery pipeline', () => {
  const {
    check,
    'deploy-dev': dev,
    'deploy-production': production,
  } = workflow.jobs as Record<string, Job>

  it('runs the checks, then dev, then production region by region', () => {
    expect(check?.steps.map((step) => step.run).filter(Boolean)).toContain('bash .ci/run')
    expect(dev?.needs).toEqual('check')
    expect(production?.needs).toEqual(['check', 'deploy-dev'])
    expect(production?.strategy?.['max-parallel']).toBe(1)
    expect(production?.strategy?.matrix?.region).toBe(
      expression('fromJSON(needs.check.outputs.production-regions)'),
    )
  })

  it('deploys in the environments the deploy role trusts, production being the one with reviewers', () => {
    expect(dev?.environment).toBe('dev')
    expect(production?.environment).toBe('production')
  })

  it('asks for an OIDC token only in the jobs that deploy, and reads the repository only', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' })
    expect(check?.permissions).toBeUndefined()
    for (const job of [dev, production]) {
      expect(job?.permissions).toEqual({ 'id-token': 'write', contents: 'read' })
    }
  })

  it('uses no stored AWS keys: it assumes the deploy role, then the invoke role for the smoke test', () => {
    expect(`${workflowText}\n${actionText}`).not.toMatch(
      /secrets\.|aws-access-key-id|aws-secret-access-key/,
    )
    const credentials = action.runs.steps.filter((step) =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    )
    expect(credentials.map((step) => step.with?.['role-to-assume'])).toEqual([
      expression('inputs.role-arn'),
      expression('steps.invoke.outputs.role-arn'),
    ])
    const runs = action.runs.steps.map((step) => step.run ?? '')
    expect(
      runs.findIndex((run) => run.includes('npm run deploy -- -c env="$ENV_NAME"')),
    ).toBeLessThan(
      runs.findIndex((run) => run.includes('serverless-lab smoke --outputs-file outputs.json')),
    )
    expect(runs.join('\n')).toContain('--require-approval never --outputs-file outputs.json')
  })

  it("pins every action it uses by a full commit SHA (or is this repository's own)", () => {
    const uses = [...`${workflowText}\n${actionText}`.matchAll(/uses:\s*(\S+)/g)].map(
      (match) => match[1],
    )

    expect(uses.length).toBeGreaterThan(0)
    for (const each of uses) expect(each).toMatch(/^(\.\/.+|[\w.-]+\/[\w.-]+@[0-9a-f]{40})$/)
  })
})

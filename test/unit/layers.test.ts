import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DEPCRUISE = join(PROJECT_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')

/**
 * A small tree in the project's layout, each file importing what one rule forbids, and a
 * few that import what the rules allow. It lives inside the project (so that packages
 * resolve from its node_modules) and is removed afterwards.
 */
const FIXTURE: Readonly<Record<string, string>> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true },
  }),
  'src/core/errors.ts': 'export class ApiError extends Error {}\n',
  'src/core/codec/json.ts': 'export const isRecord = (value: unknown) => value !== null\n',
  'src/core/error-table.ts': "export const ErrorCode = { InternalError: 'InternalError' }\n",
  'src/dynamodb/client.ts': 'export const client = {}\n',
  'src/http/http-api.ts':
    "import { ApiError } from '../core/errors.js'\nexport const api = ApiError\n",
  'src/lambda/lambda-handler.ts':
    "import { api } from '../http/http-api.js'\nexport const handler = api\n",
  // Allowed: a type of DynamoDB's own model, named only (erased at build).
  'src/core/model.ts':
    "import type { AttributeValue } from '@aws-sdk/client-dynamodb'\nexport type Value = AttributeValue\n",
  // Forbidden, one each:
  'src/core/manager.ts':
    "import { client } from '../dynamodb/client.js'\nimport { DynamoDBClient } from '@aws-sdk/client-dynamodb'\nexport const manager = [client, DynamoDBClient]\n",
  'src/core/operations.ts':
    "import { handler } from '../lambda/lambda-handler.js'\nexport const o = handler\n",
  'src/http/body.ts':
    "import { client } from '../dynamodb/client.js'\nexport const body = client\n",
  'src/client/client.ts':
    "import { ApiError } from '../core/errors.js'\nimport { ErrorCode } from '../core/error-table.js'\nexport const c = [ApiError, ErrorCode]\n",
  'src/cli/run.ts': "import { Ajv } from 'ajv'\nexport const cli = Ajv\n",
  'src/console/main.ts':
    "import { isRecord } from '../core/codec/json.js'\nexport const m = isRecord\n",
  'infra/stack.ts':
    "import { api } from '../src/http/http-api.js'\nimport { isRecord } from '../src/core/codec/json.js'\nexport const s = [api, isRecord]\n",
  'src/table/a.ts': "import { b } from './b.js'\nexport const a = () => b\n",
  'src/table/b.ts': "import { a } from './a.js'\nexport const b = () => a\n",
}

interface Violation {
  readonly rule: { readonly name: string }
  readonly from: string
  readonly to: string
}

describe('the layer rules (dependency-cruiser, as npm run lint runs it)', () => {
  let fixture: string | undefined
  let violations: Violation[]
  let lint: { code: number; stdout: string }

  beforeAll(async () => {
    fixture = await mkdtemp(join(PROJECT_ROOT, '.layers-fixture-'))
    for (const [path, text] of Object.entries(FIXTURE)) {
      await mkdir(dirname(join(fixture, path)), { recursive: true })
      await writeFile(join(fixture, path), text)
    }
    const depcruise = (...outputType: string[]) =>
      run(
        process.execPath,
        [DEPCRUISE, '--config', join(PROJECT_ROOT, '.dependency-cruiser.cjs'), ...outputType],
        { cwd: fixture },
      ).then(
        ({ stdout }) => ({ stdout, code: 0 }),
        (error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }),
      )
    // As npm run lint runs it, and again for the findings in JSON.
    const [asLint, asJson] = await Promise.all([
      depcruise('src', 'infra'),
      depcruise('--output-type', 'json', 'src', 'infra'),
    ])
    lint = asLint
    violations = (JSON.parse(asJson.stdout) as { summary: { violations: Violation[] } }).summary
      .violations
  }, 30_000)

  afterAll(async () => {
    if (fixture !== undefined) await rm(fixture, { recursive: true, force: true })
  })

  const found = (rule: string) =>
    violations
      .filter((each) => each.rule.name === rule)
      .map(({ from, to }) => `${from} → ${to.replace(/^.*node_modules\//, '')}`)

  it('fails the lint on a violation, naming the rule and the import', () => {
    expect(lint.code).not.toBe(0)
    expect(lint.stdout).toContain(
      'error core-stays-inward: src/core/manager.ts → src/dynamodb/client.ts',
    )
  })

  it.each([
    ['core-stays-inward', 'src/core/manager.ts → src/dynamodb/client.ts'],
    ['core-stays-inward', 'src/core/operations.ts → src/lambda/lambda-handler.ts'],
    ['core-loads-no-platform', expect.stringMatching(/^src\/core\/manager\.ts → @aws-sdk\//)],
    ['http-api-knows-only-core', 'src/http/body.ts → src/dynamodb/client.ts'],
    ['only-the-composition-root-builds-the-adapter', 'src/http/body.ts → src/dynamodb/client.ts'],
    ['client-no-server-code', 'src/client/client.ts → src/core/errors.ts'],
    ['console-client-only', 'src/console/main.ts → src/core/codec/json.ts'],
    ['infra-shares-only-definitions', 'infra/stack.ts → src/http/http-api.ts'],
    ['published-code-uses-dependencies', expect.stringMatching(/^src\/cli\/run\.ts → ajv\//)],
    ['no-circular', 'src/table/a.ts → src/table/b.ts'],
  ])('%s refuses %s', (rule, violation) => {
    expect(found(rule)).toContainEqual(violation)
  })

  it('allows what the layers share: a type of the DynamoDB model, the contract, the core below', () => {
    const allowed = ['src/core/model.ts', 'src/lambda/lambda-handler.ts', 'src/http/http-api.ts']
    expect(violations.filter((each) => allowed.includes(each.from))).toEqual([])
    expect(
      violations.filter(
        (each) => each.from === 'src/client/client.ts' && each.to === 'src/core/error-table.ts',
      ),
    ).toEqual([])
    expect(
      violations.filter(
        (each) => each.from === 'infra/stack.ts' && each.to === 'src/core/codec/json.ts',
      ),
    ).toEqual([])
  })
})

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
  // Allowed: the composition root reads the table definition (the health probe's key).
  'src/service/health-probe-key.ts':
    "import { table } from '../table/definition.js'\nexport const key = table\n",
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
  'src/cli/flags.ts': "import { r } from '../core/schema/results.js'\nexport const flags = r\n",
  'src/lambda/answer-shape.ts':
    "import { r } from '../core/schema/results.js'\nexport const shape = r\n",
  // Allowed: the handler may name a schema's type; it is erased at build.
  'src/http/answer-type.ts':
    "import type { R } from '../core/schema/results.js'\nexport type Answer = R\n",
  // A type the published declarations would name: a dev package there is missing at install.
  'src/client/types.ts': "import type { TSchema } from 'typebox'\nexport type Schema = TSchema\n",
  'src/console/main.ts':
    "import { isRecord } from '../core/codec/json.js'\nexport const m = isRecord\n",
  'infra/stack.ts':
    "import { api } from '../src/http/http-api.js'\nimport { isRecord } from '../src/core/codec/json.js'\nimport { MetricName } from '../src/service/metric-names.js'\nexport const s = [api, isRecord, MetricName]\n",
  'src/service/metric-names.ts':
    "import { ApiError } from '../core/errors.js'\nexport const MetricName = ApiError\n",
  'src/table/a.ts': "import { b } from './b.js'\nexport const a = () => b\n",
  'src/table/b.ts': "import { a } from './a.js'\nexport const b = () => a\n",
  'src/core/log.ts': "import { readFileSync } from 'node:fs'\nexport const read = readFileSync\n",
  'src/core/item-store.ts':
    "import type { Logger } from '@aws-lambda-powertools/logger'\nexport type L = Logger\n",
  'src/core/schema/results.ts':
    "import { ApiError } from '../errors.js'\nexport const r = ApiError\n",
  'src/dynamodb/store.ts': "import { api } from '../http/http-api.js'\nexport const store = api\n",
  'src/lambda/lambda-entry.ts':
    "import { gateway } from '../local/gateway.js'\nexport const entry = gateway\n",
  'src/local/gateway.ts': "import { c } from '../client/client.js'\nexport const gateway = c\n",
  'src/local/main.ts': "import { x } from '../../test/support/x.js'\nexport const main = x\n",
  'test/support/x.ts': 'export const x = 1\n',
  'src/service/compose-service.ts':
    "import { gateway } from '../local/gateway.js'\nexport const compose = gateway\n",
  'src/cli/help.ts': "import { ApiError } from '../core/errors.js'\nexport const help = ApiError\n",
  'src/openapi/document.ts':
    "import { manager } from '../core/manager.js'\nexport const document = manager\n",
  'src/config/env.ts':
    "import { ApiError } from '../core/errors.js'\nexport const env = ApiError\n",
  'src/table/definition.ts': "import { env } from '../config/env.js'\nexport const table = env\n",
  'src/http/cors.ts': "import { gone } from './missing.js'\nexport const cors = gone\n",
  // A package the project installs for a tool of its own, but does not name in package.json.
  'src/http/request.ts': "import semver from 'semver'\nexport const request = semver\n",
  'scripts/write.ts':
    "import { table } from '../src/table/definition.js'\nexport const w = table\n",
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
      depcruise('src', 'infra', 'scripts'),
      depcruise('--output-type', 'json', 'src', 'infra', 'scripts'),
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
    ['metric-names-stand-alone', 'src/service/metric-names.ts → src/core/errors.ts'],
    ['published-code-uses-dependencies', expect.stringMatching(/^src\/cli\/run\.ts → ajv\//)],
    [
      'published-code-uses-dependencies',
      expect.stringMatching(/^src\/client\/types\.ts → typebox\//),
    ],
    ['published-code-takes-the-plain-contract', 'src/cli/flags.ts → src/core/schema/results.ts'],
    ['handler-loads-no-typebox', 'src/lambda/answer-shape.ts → src/core/schema/results.ts'],
    ['no-circular', 'src/table/a.ts → src/table/b.ts'],
    ['core-no-io', 'src/core/log.ts → fs'],
    [
      'core-types-only-from-the-dynamodb-model',
      expect.stringMatching(/^src\/core\/item-store\.ts → @aws-lambda-powertools\//),
    ],
    ['contract-stays-contract', 'src/core/schema/results.ts → src/core/errors.ts'],
    ['dynamodb-adapter-below-the-api', 'src/dynamodb/store.ts → src/http/http-api.ts'],
    ['lambda-adapter-above-http', 'src/lambda/lambda-entry.ts → src/local/gateway.ts'],
    ['composition-root-serves-both-hosts', 'src/service/compose-service.ts → src/local/gateway.ts'],
    ['local-stack-not-client-side', 'src/local/gateway.ts → src/client/client.ts'],
    ['cli-client-side-only', 'src/cli/help.ts → src/core/errors.ts'],
    ['openapi-from-the-schemas', 'src/openapi/document.ts → src/core/manager.ts'],
    ['config-reads-settings-only', 'src/config/env.ts → src/core/errors.ts'],
    ['table-definition-stands-alone', 'src/table/definition.ts → src/config/env.ts'],
    ['src-not-to-tools', 'src/local/main.ts → test/support/x.ts'],
    ['not-to-unresolvable', 'src/http/cors.ts → ./missing.js'],
    ['no-non-package-json', expect.stringMatching(/^src\/http\/request\.ts → semver\//)],
  ])('%s refuses %s', (rule, violation) => {
    expect(found(rule)).toContainEqual(violation)
  })

  it('finds a violation of every rule of the config in the fixture', async () => {
    const { default: config } = (await import(join(PROJECT_ROOT, '.dependency-cruiser.cjs'))) as {
      default: { forbidden: { name: string }[] }
    }
    const refused = new Set(violations.map((each) => each.rule.name))
    expect(config.forbidden.map((rule) => rule.name).filter((name) => !refused.has(name))).toEqual(
      [],
    )
  })

  it('allows what the layers share: a type of the DynamoDB model, the contract, the core below, the table definition, the metric names', () => {
    const allowed = [
      'src/core/model.ts',
      'src/lambda/lambda-handler.ts',
      'src/http/http-api.ts',
      'src/service/health-probe-key.ts',
    ]
    expect(violations.filter((each) => allowed.includes(each.from))).toEqual([])
    expect(
      violations.filter(
        (each) => each.from === 'src/client/client.ts' && each.to === 'src/core/error-table.ts',
      ),
    ).toEqual([])
    expect(
      violations.filter(
        (each) =>
          each.from === 'infra/stack.ts' &&
          ['src/core/codec/json.ts', 'src/service/metric-names.ts'].includes(each.to),
      ),
    ).toEqual([])
  })
})

import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Runs the CDK app as the cdk CLI does (`cdk.json`'s app command), with context passed the
 * way the CLI passes it: as JSON in CDK_CONTEXT_JSON.
 */
async function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-app-'))
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'infra/app.ts'],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
        },
      },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string }
    return { code, stdout, stderr }
  } finally {
    rmSync(outdir, { recursive: true, force: true })
  }
}

// Each run starts node and loads the CDK: seconds, so the two run side by side.
describe.concurrent('the CDK app with a bad setting', () => {
  it.each([
    [{ auth: 'oauth' }, /^auth: expected one of iam, apiKey, none, got "oauth"\.$/],
    [
      { env: 'BAD_NAME' },
      /^env: expected a short lowercase name such as dev or prod .*"BAD_NAME"\.$/,
    ],
    [
      // A JSON file of another shape: its first key is not one of a tables file's.
      { tablesFile: 'package.json' },
      /^tablesFile: package\.json: name: unknown field; expected one of tables\.$/,
    ],
  ])('stops with one line naming the key, no stack trace: %o', async (context, message) => {
    // Act
    const { code, stdout, stderr } = await runApp(context)

    // Assess
    expect(code).toBe(1)
    expect(stdout).toBe('')
    const lines = stderr.split('\n').filter((line) => line !== '')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(message)
  })
})

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, Stack } from 'aws-cdk-lib'
import type { Template } from 'aws-cdk-lib/assertions'
import { afterAll, onTestFinished } from 'vitest'
import { getCurrentTest } from 'vitest/suite'

/**
 * The context of cdk.json (the CDK's feature flags, above all), which `cdk synth` reads
 * and `new App()` in a test does not: with it, tests assert on the templates that deploy.
 */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context

/**
 * An app for assertion tests, with cdk.json's context: no bundling (the handler's bundle
 * has a test of its own) and no built-in CloudFormation validation (CI's synth runs it), so
 * that a test takes milliseconds, not seconds. Each app writes to a temporary folder of its own, removed when
 * the test that made it finishes (or, for an app made in a describe block, its tests).
 */
export function testApp(context: Record<string, unknown> = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-test-'))
  const remove = () => rmSync(outdir, { recursive: true, force: true })
  if (getCurrentTest()) onTestFinished(remove)
  else afterAll(remove)
  return new App({
    outdir,
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  })
}

export function testStack(region = 'eu-west-1'): Stack {
  return new Stack(testApp(), 'Test', { env: { account: '111122223333', region } })
}

/** The one resource of a type, by its properties; fails if there is not exactly one. */
export function onlyResource(
  template: Template,
  type: string,
  props: Record<string, unknown> = {},
): { Properties: Record<string, unknown>; [key: string]: unknown } {
  const found = Object.values(template.findResources(type, props))
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`)
  return found[0] as { Properties: Record<string, unknown> }
}

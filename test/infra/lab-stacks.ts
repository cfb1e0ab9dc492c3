import { Template } from 'aws-cdk-lib/assertions'
import { addLabStacks } from '../../infra/lab-app.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import type { DynamoDBManagerStack } from '../../infra/stacks/dynamodb-manager-stack.js'
import { testApp } from '../support/cdk.js'
import { multiRegion } from './settings/contexts.js'

/** Both variants (the single-region stack, then a stack per region) with only `context` set. */
export function labStacks(context: Record<string, unknown> = {}): DynamoDBManagerStack[] {
  const app = testApp({ variant: 'all', multiRegion, ...context })
  return addLabStacks(
    app,
    readLabSettings((key) => app.node.tryGetContext(key)),
  )
}

/** The template of each stack of both variants, by stack name. */
export function labTemplates(context: Record<string, unknown> = {}): Map<string, Template> {
  return new Map(labStacks(context).map((stack) => [stack.stackName, Template.fromStack(stack)]))
}

/** The single-region stack's template. */
export function singleTemplate(context: Record<string, unknown> = {}): Template {
  const [single] = labStacks({ ...context, variant: 'single' })
  if (single === undefined) throw new Error('the single-region stack is missing')
  return Template.fromStack(single)
}

import type { Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { COUNTED_COMMON_RULES, checkApiWebAclProps } from '../../infra/constructs/api-web-acl.js'
import { InvalidPropError } from '../../infra/constructs/prop-checks.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { SettingsError } from '../../infra/settings/settings-reader.js'
import type { DynamoDBManagerStack } from '../../infra/stacks/dynamodb-manager-stack.js'
import { onlyResource } from '../support/cdk.js'
import { labStacks } from './lab-stacks.js'
import { contextOf } from './settings/contexts.js'

const MANAGED_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
]

interface Rule {
  Name: string
  Priority: number
  Action?: unknown
  OverrideAction?: unknown
  Statement: {
    ManagedRuleGroupStatement?: { VendorName: string; Name: string; RuleActionOverrides?: unknown }
    RateBasedStatement?: Record<string, unknown>
  }
  VisibilityConfig: Record<string, unknown>
}

function webAclOf(stack: Stack): { Properties: Record<string, unknown>; rules: Rule[] } {
  const acl = onlyResource(Template.fromStack(stack), 'AWS::WAFv2::WebACL')
  return { ...acl, rules: acl.Properties.Rules as Rule[] }
}

/** The cdk-nag rule ids acknowledged on a construct itself. */
function acknowledgedOn(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
}

const stage = (stack: DynamoDBManagerStack) => stack.labApi.api.deploymentStage

describe('WAF off (the default)', () => {
  it('puts no web ACL on any stage, and acknowledges cdk-nag’s APIG3 for each', () => {
    for (const stack of labStacks()) {
      const template = Template.fromStack(stack)

      template.resourceCountIs('AWS::WAFv2::WebACL', 0)
      template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0)
      expect(acknowledgedOn(stage(stack)).join(), stack.stackName).toContain('AwsSolutions-APIG3')
    }
  })
})

describe('WAF on (waf=true)', () => {
  it('associates a regional web ACL with the stage of every region, no APIG3 acknowledged', () => {
    const stacks = labStacks({ waf: 'true' })

    expect(stacks).toHaveLength(3)
    for (const stack of stacks) {
      const template = Template.fromStack(stack)
      const acl = webAclOf(stack)
      expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } })
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebAcl'), 'Arn'] },
      })
      const association = onlyResource(template, 'AWS::WAFv2::WebACLAssociation')
      const stageId = stack.getLogicalId(stage(stack).node.defaultChild as never)
      expect(JSON.stringify(association.Properties.ResourceArn)).toContain(`"Ref":"${stageId}"`)
      expect(acknowledgedOn(stage(stack)).join(), stack.stackName).not.toContain('APIG3')
    }
  })

  it('runs the three AWS managed rule groups with their own actions', () => {
    const [single] = labStacks({ variant: 'single', waf: true })
    const { rules } = webAclOf(single as Stack)

    const managed = rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement)
    expect(managed.map((rule) => rule.Statement.ManagedRuleGroupStatement?.Name).sort()).toEqual(
      [...MANAGED_GROUPS].sort(),
    )
    for (const rule of managed) {
      expect(rule.Statement.ManagedRuleGroupStatement?.VendorName).toBe('AWS')
      expect(rule.OverrideAction).toEqual({ None: {} })
    }
  })

  it('counts rather than blocks the common rule set’s 8 KB body limit, below the API’s 1 MiB', () => {
    const [single] = labStacks({ variant: 'single', waf: true })
    const common = webAclOf(single as Stack).rules.find(
      (rule) => rule.Name === 'AWSManagedRulesCommonRuleSet',
    )

    expect(COUNTED_COMMON_RULES).toEqual(['SizeRestrictions_BODY'])
    expect(common?.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ])
  })

  it.each([
    [{}, 2000],
    [{ wafRateLimit: '500' }, 500],
  ])('blocks an IP address over the rate limit per five minutes (%o)', (context, limit) => {
    const [single] = labStacks({ variant: 'single', waf: 'true', ...context })
    const rate = webAclOf(single as Stack).rules.find((rule) => rule.Statement.RateBasedStatement)

    expect(rate?.Action).toEqual({ Block: {} })
    expect(rate?.Statement.RateBasedStatement).toEqual({
      Limit: limit,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    })
  })

  it('gives the web ACL and every rule CloudWatch metrics and sampled requests, each its own', () => {
    const [single] = labStacks({ variant: 'single', waf: true })
    const acl = webAclOf(single as Stack)
    const configs = [
      acl.Properties.VisibilityConfig as Record<string, unknown>,
      ...acl.rules.map((rule) => rule.VisibilityConfig),
    ]

    expect(configs).toHaveLength(5)
    for (const config of configs) {
      expect(config).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true })
    }
    expect(new Set(configs.map((config) => config.MetricName)).size).toBe(5)
  })

  it('evaluates every rule in its own priority', () => {
    const [single] = labStacks({ variant: 'single', waf: true })
    const priorities = webAclOf(single as Stack).rules.map((rule) => rule.Priority)

    expect(new Set(priorities).size).toBe(priorities.length)
  })
})

describe('the WAF settings', () => {
  it.each([
    [{ waf: 'yes' }, new SettingsError('waf', 'expected true or false, got "yes".')],
    [
      { waf: 'true', wafRateLimit: '9' },
      new SettingsError('wafRateLimit', 'expected a whole number from 10 to 2000000000, got "9".'),
    ],
  ])('names the key when malformed: %o', (context, error) => {
    expect(() => readLabSettings(contextOf(context))).toThrow(error)
  })

  it('refuses a rate limit WAF would refuse in the construct’s own check', () => {
    expect(() => checkApiWebAclProps({ rateLimit: 9 })).toThrow(InvalidPropError)
    expect(() => checkApiWebAclProps({ rateLimit: 10 })).not.toThrow()
  })
})

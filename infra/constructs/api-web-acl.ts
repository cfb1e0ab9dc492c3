import type { Stage } from 'aws-cdk-lib/aws-apigateway'
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2'
import { Construct } from 'constructs'
import { checkWholeNumber } from './prop-checks.js'

/**
 * Requests one IP address may send in five minutes before the rate-based rule blocks it:
 * WAF's own bounds for a rate limit (the lowest it takes is 10).
 */
export const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const
/** The window the rate limit counts over: WAF's default, and what `wafRateLimit` means. */
const RATE_WINDOW_SECONDS = 300
/**
 * 2000 requests per 5 minutes is about 6.7 a second from one address, sustained: far above
 * one client's interactive use, far below the stage's throttle (100 a second), so a single
 * address cannot take the whole stage; and far above Route 53's checkers (each probes at
 * most every 10 s, 30 per window).
 */
export const WAF_RATE_LIMIT_DEFAULT = 2000

/**
 * The rule of the common rule set that blocks a body over 8 KB. The API takes bodies up
 * to MAX_BODY_BYTES (1 MiB); it is counted, not blocked, so that a large item still reaches
 * the handler, which enforces its own limit. The other rules inspect only a body's first 8 KB
 * (WAF's default for API Gateway) either way.
 */
export const COUNTED_COMMON_RULES = ['SizeRestrictions_BODY'] as const

export interface ApiWebAclProps {
  /** The stage the web ACL protects. */
  readonly stage: Stage
  /** The web ACL's name, unique in the account and region. */
  readonly name: string
  /** Requests per five minutes per IP address. @default 2000 */
  readonly rateLimit?: number
}

/** Throws an InvalidPropError naming `rateLimit` when WAF would refuse it. */
export function checkApiWebAclProps(props: Pick<ApiWebAclProps, 'rateLimit'>): void {
  checkWholeNumber('rateLimit', props.rateLimit, WAF_RATE_LIMIT)
}

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true }
}

/** An AWS managed rule group, in the order WAF evaluates it. */
function managedRule(
  name: string,
  priority: number,
  countedRules: readonly string[] = [],
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    // A managed group's own actions (block) apply: `none` keeps them.
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ruleActionOverrides: countedRules.map((rule) => ({
          name: rule,
          actionToUse: { count: {} },
        })),
      },
    },
    visibilityConfig: visibility(name),
  }
}

/**
 * A regional WAF web ACL on one stage: the reputation list first (cheapest to drop), then
 * the per-IP rate limit, known bad inputs, and the common rule set; anything else is
 * allowed. Each rule and the ACL publish CloudWatch metrics and sampled requests.
 *
 * @example
 * new ApiWebAcl(this, 'WebAcl', { stage: api.deploymentStage, name: 'DynamoDBManagerWaf' })
 */
export class ApiWebAcl extends Construct {
  public readonly webAcl: CfnWebACL

  constructor(scope: Construct, id: string, props: ApiWebAclProps) {
    super(scope, id)
    checkApiWebAclProps(props)
    const { stage, name, rateLimit = WAF_RATE_LIMIT_DEFAULT } = props

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name,
      description: 'The DynamoDB Manager API: AWS managed rules and a per-IP rate limit',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rules: [
        managedRule('AWSManagedRulesAmazonIpReputationList', 0),
        {
          name: 'RateLimitPerIp',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: rateLimit,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2),
        managedRule('AWSManagedRulesCommonRuleSet', 3, COUNTED_COMMON_RULES),
      ],
    })
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    })
  }
}

import { RemovalPolicy } from 'aws-cdk-lib'
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch'
import {
  type ILambdaDeploymentConfig,
  LambdaApplication,
  LambdaDeploymentConfig,
  LambdaDeploymentGroup,
} from 'aws-cdk-lib/aws-codedeploy'
import { Alias, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import { InvalidPropError } from './prop-checks.js'

/** How CodeDeploy moves the `live` alias to a new version. */
export const Deployment = { Canary: 'canary', AllAtOnce: 'allAtOnce' } as const
export type Deployment = (typeof Deployment)[keyof typeof Deployment]

/** CodeDeploy takes at most this many alarms per deployment group. */
export const MAX_ROLLBACK_ALARMS = 10

/** The alias the API invokes. */
export const LIVE_ALIAS_NAME = 'live'

/** The environment whose deploys shift traffic gradually unless told otherwise. */
const PRODUCTION_ENV = 'prod'

/**
 * The deployment style an environment gets when `deployment` is unset: a canary for the
 * environment named `prod`, all at once for any other (and for the lab's own names), where a
 * five-minute wait on every deploy buys nothing.
 */
export function defaultDeployment(env: string | undefined): Deployment {
  return env === PRODUCTION_ENV ? Deployment.Canary : Deployment.AllAtOnce
}

const CONFIG_OF: Readonly<Record<Deployment, ILambdaDeploymentConfig>> = {
  // 10% of invocations for five minutes, then the rest: an alarm in those five minutes
  // rolls the alias back before most callers have met the new code.
  [Deployment.Canary]: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  [Deployment.AllAtOnce]: LambdaDeploymentConfig.ALL_AT_ONCE,
}

export interface LiveAliasProps {
  /** The function whose published versions the alias points at. */
  readonly fn: LambdaFunction
  /** @default Deployment.AllAtOnce */
  readonly deployment?: Deployment
  /**
   * Alarms that stop a deployment and roll the alias back while any of them is in ALARM,
   * at most MAX_ROLLBACK_ALARMS (CodeDeploy's limit), with those added by `addAlarm`.
   * @default - none: only a failed deployment rolls back
   */
  readonly alarms?: readonly IAlarm[]
  /** CodeDeploy's application name (one per account and region). @default - generated */
  readonly applicationName?: string
  /** The deployment group's name within the application. @default - generated */
  readonly deploymentGroupName?: string
}

/**
 * The `live` alias of the function's current version, and the CodeDeploy deployment group
 * that moves it: a change of the function's code or configuration publishes a new version
 * (`currentVersion`'s logical id is a hash of both), and CloudFormation hands the alias's
 * update to CodeDeploy, which shifts traffic by `deployment` and rolls the alias back to
 * the previous version when the deployment fails or any alarm fires.
 *
 * Callers invoke the alias, never `$LATEST`. The reserved concurrency stays on the function:
 * it caps every version together, so the canary's 10% and the rest share it.
 *
 * @example
 * const { alias } = new LiveAlias(stack, 'Live', { fn, deployment: 'canary', alarms })
 */
export class LiveAlias extends Construct {
  public readonly alias: Alias
  public readonly application: LambdaApplication
  public readonly deploymentGroup: LambdaDeploymentGroup
  private alarmCount: number

  constructor(scope: Construct, id: string, props: LiveAliasProps) {
    super(scope, id)
    const { fn, deployment = Deployment.AllAtOnce, alarms = [] } = props
    checkAlarmCount(alarms.length)
    this.alarmCount = alarms.length

    const version = fn.currentVersion
    // Kept when the next version replaces it: a rollback by hand points the alias back at it
    // (docs/operations.md). A version holds only its bundle, well under 1 MB of the region's
    // 75 GB for code.
    version.applyRemovalPolicy(RemovalPolicy.RETAIN)
    this.alias = new Alias(this, 'Alias', {
      aliasName: LIVE_ALIAS_NAME,
      version,
      description: 'What the API invokes: moved to each new version by CodeDeploy',
    })
    this.application = new LambdaApplication(this, 'Application', {
      applicationName: props.applicationName,
    })
    this.deploymentGroup = new LambdaDeploymentGroup(this, 'DeploymentGroup', {
      application: this.application,
      deploymentGroupName: props.deploymentGroupName,
      alias: this.alias,
      deploymentConfig: CONFIG_OF[deployment],
      alarms: [...alarms],
      // deploymentInAlarm is left to the CDK: it turns on exactly when an alarm is attached
      // (here or by addAlarm later), and refuses `true` with none.
      autoRollback: { failedDeployment: true, stoppedDeployment: false },
    })
    acknowledge(
      this.deploymentGroup,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      "CodeDeploy's service role uses the AWS managed policy made for Lambda deployments, in its limited form: read alarms, read and update aliases, and invoke only hook functions named CodeDeployHook_*.",
    )
  }

  /** Rolls a deployment back while this alarm is in ALARM, too. */
  addAlarm(alarm: IAlarm): void {
    this.alarmCount += 1
    checkAlarmCount(this.alarmCount)
    this.deploymentGroup.addAlarm(alarm)
  }
}

/** CodeDeploy refuses the deployment group, at deploy time, beyond its limit: say so at synth. */
function checkAlarmCount(count: number): void {
  if (count <= MAX_ROLLBACK_ALARMS) return
  throw new InvalidPropError(
    'alarms',
    `a deployment group takes at most ${MAX_ROLLBACK_ALARMS} alarms (CodeDeploy's limit), got ${count}: give it those a bad release can set off.`,
  )
}

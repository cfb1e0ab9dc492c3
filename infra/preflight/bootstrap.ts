import { GetParameterCommand } from '@aws-sdk/client-ssm'
import { DefaultStackSynthesizer } from 'aws-cdk-lib'
import { ask } from './aws-errors.js'
import { type Check, type CheckContext, type Finding, problem } from './findings.js'

async function checkRegion(context: CheckContext, region: string): Promise<Finding[]> {
  const { qualifier, versionParameter, requiredVersion } = context.plan.bootstrap
  const answer = await ask(
    'ssm:GetParameter',
    `the CDK bootstrap in ${region}`,
    () => context.clients.ssm(region).send(new GetParameterCommand({ Name: versionParameter })),
    ['ParameterNotFound'],
  )
  const qualifierFlag =
    qualifier === DefaultStackSynthesizer.DEFAULT_QUALIFIER ? '' : ` --qualifier ${qualifier}`
  const bootstrap = `npx cdk bootstrap aws://${context.account}/${region}${qualifierFlag}`
  const value = answer?.Parameter?.Value
  if (value === undefined) {
    return [
      problem(
        `${region} is not bootstrapped for the CDK (no ${versionParameter} parameter): ${bootstrap}`,
      ),
    ]
  }
  const version = Number(value)
  if (Number.isInteger(version) && version >= requiredVersion) return []
  return [
    problem(
      `the CDK bootstrap in ${region} is version ${value}; this app needs ${requiredVersion} or later: ${bootstrap}`,
    ),
  ]
}

/** The CDK bootstrap of every region a stack goes to. */
export const checkBootstrap: Check = (context) =>
  context.plan.regions.map((region) => checkRegion(context, region))

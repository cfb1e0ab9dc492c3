import type { Method, RestApi } from 'aws-cdk-lib/aws-apigateway'
import type { IConstruct } from 'constructs'
import { acknowledge } from '../nag.js'
import { ApiAuth } from './api-auth.js'

/**
 * The cdk-nag findings on the lab's API that are intended, each with its reason: the open
 * health check, the manager's auth as asked for, the CORS preflight, no WAF web ACL (only when
 * `waf` is off), and API Gateway's account-level CloudWatch Logs role.
 */

/** A method that takes requests without IAM or Cognito auth, and why: both nag rules say so. */
function acknowledgeOpenMethod(method: Method, reason: string): void {
  acknowledge(method, 'AwsSolutions-APIG4', reason)
  acknowledge(method, 'AwsSolutions-COG4', reason)
}

export function acknowledgeOpenHealthCheck(method: Method): void {
  acknowledgeOpenMethod(
    method,
    'GET /health is open on purpose: Route 53 health checkers cannot sign requests or send an API key. It answers only {"status":"ok"} or 503, no table data.',
  )
}

export function acknowledgeManagerAuth(method: Method, auth: ApiAuth): void {
  if (auth === ApiAuth.Iam) {
    acknowledge(
      method,
      'AwsSolutions-COG4',
      'Authorized by IAM (SigV4): the callers are AWS principals (scripts, services, the CLI), not users of a Cognito user pool.',
    )
    return
  }
  const reason =
    auth === ApiAuth.ApiKey
      ? 'Auth by API key and usage plan was asked for by name (auth=apiKey).'
      : 'No auth was asked for by name (auth=none).'
  acknowledgeOpenMethod(method, reason)
}

export function acknowledgeOpenPreflight(api: RestApi): void {
  const reason =
    'CORS preflight (OPTIONS) is answered by API Gateway itself and must be open: browsers send it without credentials.'
  for (const method of api.methods) {
    if (method.httpMethod === 'OPTIONS') acknowledgeOpenMethod(method, reason)
  }
}

export function acknowledgeNoWaf(api: RestApi): void {
  acknowledge(
    api.deploymentStage,
    'AwsSolutions-APIG3',
    'No WAF web ACL, as asked (waf=false, the default): the API is authenticated (IAM by default) and throttled per stage; a web ACL has its own cost per ACL, rule and request, so it is a setting (-c waf=true).',
  )
}

export function acknowledgeCloudWatchRole(role: IConstruct): void {
  acknowledge(
    role,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    "API Gateway's account-level CloudWatch Logs role (needed for execution logging) uses the AWS managed policy made for exactly that role.",
  )
}

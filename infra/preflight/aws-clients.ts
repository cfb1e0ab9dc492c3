import { ACMClient } from '@aws-sdk/client-acm'
import { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { IAMClient } from '@aws-sdk/client-iam'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { Route53Client } from '@aws-sdk/client-route-53'
import { SNSClient } from '@aws-sdk/client-sns'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import { WAFV2Client } from '@aws-sdk/client-wafv2'
import type { AwsCredentialIdentityProvider } from '@smithy/types'

/**
 * The clients preflight reads the account with, one per service and region. The checks take
 * them from here, never build their own, so that the tests can hand them mocked clients.
 * IAM and Route 53 are global services: any region of the partition reaches them.
 */
export interface AwsClients {
  sts(region: string): STSClient
  cloudFormation(region: string): CloudFormationClient
  dynamoDb(region: string): DynamoDBClient
  iam(region: string): IAMClient
  lambda(region: string): LambdaClient
  logs(region: string): CloudWatchLogsClient
  acm(region: string): ACMClient
  route53(region: string): Route53Client
  ssm(region: string): SSMClient
  apiGateway(region: string): APIGatewayClient
  cloudWatch(region: string): CloudWatchClient
  sns(region: string): SNSClient
  codeDeploy(region: string): CodeDeployClient
  wafv2(region: string): WAFV2Client
}

interface ClientConfig {
  readonly region: string
  readonly credentials: AwsCredentialIdentityProvider
  readonly maxAttempts: number
}

/**
 * Clients sharing one credentials provider (so that a profile or an SSO session is resolved
 * once), each built on first use and kept.
 *
 * @example
 * const clients = awsClients(defaultProvider({ profile: 'dev' }))
 * await clients.sts('eu-west-1').send(new GetCallerIdentityCommand({}))
 */
export function awsClients(credentials: AwsCredentialIdentityProvider): AwsClients {
  const made = new Map<string, unknown>()
  const client =
    <Client>(service: string, make: (config: ClientConfig) => Client) =>
    (region: string): Client => {
      const key = `${service} ${region}`
      if (!made.has(key)) made.set(key, make({ region, credentials, maxAttempts: 3 }))
      return made.get(key) as Client
    }
  return {
    sts: client('sts', (config) => new STSClient(config)),
    cloudFormation: client('cloudformation', (config) => new CloudFormationClient(config)),
    dynamoDb: client('dynamodb', (config) => new DynamoDBClient(config)),
    iam: client('iam', (config) => new IAMClient(config)),
    lambda: client('lambda', (config) => new LambdaClient(config)),
    logs: client('logs', (config) => new CloudWatchLogsClient(config)),
    acm: client('acm', (config) => new ACMClient(config)),
    route53: client('route53', (config) => new Route53Client(config)),
    ssm: client('ssm', (config) => new SSMClient(config)),
    apiGateway: client('apigateway', (config) => new APIGatewayClient(config)),
    cloudWatch: client('cloudwatch', (config) => new CloudWatchClient(config)),
    sns: client('sns', (config) => new SNSClient(config)),
    codeDeploy: client('codedeploy', (config) => new CodeDeployClient(config)),
    wafv2: client('wafv2', (config) => new WAFV2Client(config)),
  }
}

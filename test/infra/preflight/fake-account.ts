import { DescribeCertificateCommand } from '@aws-sdk/client-acm'
import { GetAccountCommand } from '@aws-sdk/client-api-gateway'
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import { DescribeAlarmsCommand, GetDashboardCommand } from '@aws-sdk/client-cloudwatch'
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetApplicationCommand } from '@aws-sdk/client-codedeploy'
import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb'
import { GetPolicyCommand, GetRoleCommand, NoSuchEntityException } from '@aws-sdk/client-iam'
import {
  ResourceNotFoundException as FunctionNotFound,
  GetAccountSettingsCommand,
  GetFunctionCommand,
} from '@aws-sdk/client-lambda'
import { GetHostedZoneCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53'
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns'
import { GetParameterCommand } from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { ListWebACLsCommand } from '@aws-sdk/client-wafv2'
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock'
import { type AwsClients, awsClients } from '../../../infra/preflight/aws-clients.js'
import type { HeldResource } from '../../../infra/preflight/stack-holdings.js'

export const ACCOUNT = '111122223333'
export const ZONE_ID = 'Z0EXAMPLE'

/** An AWS error as the SDK throws it: its name is what preflight reads. */
export function awsError(name: string, message = name, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } })
}

type Service = keyof AwsClients
type Stub<S extends Service> = AwsClientStub<ReturnType<AwsClients[S]>>

/** What a clean account answers: nothing of the app's exists, every region bootstrapped. */
const CLEAN: { [S in Service]: (stub: Stub<S>) => void } = {
  sts: (stub) =>
    stub
      .on(GetCallerIdentityCommand)
      .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/deployer` }),
  cloudFormation: (stub) =>
    stub
      .on(ListStackResourcesCommand)
      .callsFake((input: { StackName: string }) =>
        Promise.reject(
          awsError('ValidationError', `Stack with id ${input.StackName} does not exist`),
        ),
      ),
  dynamoDb: (stub) =>
    stub
      .on(DescribeTableCommand)
      .rejects(
        new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }),
      ),
  iam: (stub) => {
    const missing = new NoSuchEntityException({ message: 'cannot be found', $metadata: {} })
    stub.on(GetRoleCommand).rejects(missing).on(GetPolicyCommand).rejects(missing)
  },
  lambda: (stub) =>
    stub
      .on(GetFunctionCommand)
      .rejects(new FunctionNotFound({ message: 'Function not found', $metadata: {} }))
      .on(GetAccountSettingsCommand)
      .resolves({
        AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
      }),
  logs: (stub) => stub.on(DescribeLogGroupsCommand).resolves({ logGroups: [] }),
  acm: (stub) =>
    stub.on(DescribeCertificateCommand).resolves({
      Certificate: {
        Status: 'ISSUED',
        DomainName: 'api.example.com',
        SubjectAlternativeNames: ['api.example.com'],
      },
    }),
  route53: (stub) =>
    stub
      .on(GetHostedZoneCommand)
      .resolves({
        HostedZone: {
          Id: `/hostedzone/${ZONE_ID}`,
          Name: 'example.com.',
          CallerReference: 'x',
          Config: { PrivateZone: false },
        },
        DelegationSet: { NameServers: [] },
      })
      .on(ListResourceRecordSetsCommand)
      .resolves({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 300 }),
  ssm: (stub) =>
    stub
      .on(GetParameterCommand)
      .resolves({ Parameter: { Name: '/cdk-bootstrap/hnb659fds/version', Value: '30' } }),
  apiGateway: (stub) => stub.on(GetAccountCommand).resolves({}),
  cloudWatch: (stub) =>
    stub
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [] })
      .on(GetDashboardCommand)
      .rejects(awsError('ResourceNotFound', 'Dashboard does not exist', 404)),
  sns: (stub) =>
    stub
      .on(GetTopicAttributesCommand)
      .rejects(awsError('NotFoundException', 'Topic does not exist', 404)),
  codeDeploy: (stub) =>
    stub
      .on(GetApplicationCommand)
      .rejects(awsError('ApplicationDoesNotExistException', 'No application found')),
  wafv2: (stub) => stub.on(ListWebACLsCommand).resolves({ WebACLs: [] }),
}

const SERVICES = Object.keys(CLEAN) as Service[]

const FAKE_CREDENTIALS = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' })

/**
 * An AWS account for preflight's tests: every client it hands out is mocked
 * (aws-sdk-client-mock, per client, so each region answers for itself) and answers as a
 * clean account would until a test says otherwise. No request leaves the process.
 *
 * @example
 * const account = new FakeAccount()
 * account.stub('iam', 'us-east-1').on(GetRoleCommand).resolves({ Role: role })
 * await runPreflight(plan, account.clients)
 */
export class FakeAccount {
  private readonly real = awsClients(FAKE_CREDENTIALS)
  private readonly stubs = new Map<string, unknown>()
  readonly clients: AwsClients

  constructor() {
    const clients: Record<string, (region: string) => unknown> = {}
    for (const service of SERVICES) {
      clients[service] = (region: string) => {
        this.stub(service, region)
        return this.real[service](region)
      }
    }
    this.clients = clients as unknown as AwsClients
  }

  /** The mock of a service's client in a region, answering as a clean account until told. */
  stub<S extends Service>(service: S, region: string): Stub<S> {
    const key = `${service} ${region}`
    if (!this.stubs.has(key)) {
      const stub = mockClient(this.real[service](region) as never) as unknown as Stub<S>
      CLEAN[service](stub)
      this.stubs.set(key, stub)
    }
    return this.stubs.get(key) as Stub<S>
  }

  /** The stack exists in the region and holds these resources. */
  stackHolds(region: string, stackName: string, resources: readonly HeldResource[]): void {
    this.stub('cloudFormation', region)
      .on(ListStackResourcesCommand, { StackName: stackName })
      .resolves({
        StackResourceSummaries: resources.map((each, index) => ({
          LogicalResourceId: `Resource${index}`,
          ResourceType: each.type,
          PhysicalResourceId: each.physicalId,
          ResourceStatus: 'CREATE_COMPLETE',
          LastUpdatedTimestamp: new Date(0),
        })),
      })
  }

  /** Every request any client of the account was sent, as `service region Command`. */
  requests(): string[] {
    return [...this.stubs].flatMap(([key, stub]) =>
      (stub as Stub<'sts'>).calls().map((call) => `${key} ${call.args[0].constructor.name}`),
    )
  }
}

import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTableCommand, type TableDescription } from '@aws-sdk/client-dynamodb'
import { GetPolicyCommand, GetRoleCommand } from '@aws-sdk/client-iam'
import { GetFunctionCommand } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { ACCOUNT, FakeAccount } from './fake-account.js'
import { multiRegionPlan, planFor } from './plans.js'

const created = new Date(0)

/** The account holds, outside any stack, the lab's resources as the console lab left them. */
function withConsoleLab(account: FakeAccount, region = 'us-east-1'): void {
  account
    .stub('dynamoDb', region)
    .on(DescribeTableCommand, { TableName: 'lambda-apigateway' })
    .resolves({ Table: { TableName: 'lambda-apigateway', DeletionProtectionEnabled: false } })
  account
    .stub('iam', region)
    .on(GetRoleCommand, { RoleName: 'lambda-apigateway-role' })
    .resolves({
      Role: {
        RoleName: 'lambda-apigateway-role',
        Path: '/',
        RoleId: 'R',
        Arn: 'arn',
        CreateDate: created,
      },
    })
  account
    .stub('lambda', region)
    .on(GetFunctionCommand, { FunctionName: 'LambdaFunctionOverHttps' })
    .resolves({ Configuration: { FunctionName: 'LambdaFunctionOverHttps' } })
  account
    .stub('logs', region)
    .on(DescribeLogGroupsCommand)
    .resolves({ logGroups: [{ logGroupName: '/aws/lambda/LambdaFunctionOverHttps' }] })
  account
    .stub('iam', region)
    .on(GetPolicyCommand, {
      PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/DynamoDBManagerInvoke-${region}`,
    })
    .resolves({ Policy: { PolicyName: `DynamoDBManagerInvoke-${region}` } })
}

describe('a named resource the stack would create', () => {
  it('is a problem when it exists outside the stack: one line each, with the ways out', async () => {
    const account = new FakeAccount()
    withConsoleLab(account)

    const { problems } = await runPreflight(planFor(), account.clients)

    expect(problems).toEqual([
      'table lambda-apigateway (us-east-1) exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, adopt it with `npm run deploy -- --import-existing-resources` (with your other flags), or remove it: aws dynamodb delete-table --table-name lambda-apigateway --region us-east-1',
      'role lambda-apigateway-role exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove it: aws iam delete-role --role-name lambda-apigateway-role (detach its policies first: aws iam list-attached-role-policies --role-name lambda-apigateway-role)',
      'function LambdaFunctionOverHttps (us-east-1) exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove it: aws lambda delete-function --function-name LambdaFunctionOverHttps --region us-east-1',
      'log group /aws/lambda/LambdaFunctionOverHttps (us-east-1) exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, adopt it with `npm run deploy -- --import-existing-resources` (with your other flags), or remove it: aws logs delete-log-group --log-group-name /aws/lambda/LambdaFunctionOverHttps --region us-east-1',
      `managed policy DynamoDBManagerInvoke-us-east-1 exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove it: aws iam delete-policy --policy-arn arn:aws:iam::${ACCOUNT}:policy/DynamoDBManagerInvoke-us-east-1 (detach it first: aws iam list-entities-for-policy --policy-arn arn:aws:iam::${ACCOUNT}:policy/DynamoDBManagerInvoke-us-east-1)`,
    ])
  })

  it("checks each table a tables file declares, under its deployed name, and not the lab's", async () => {
    // Arrange
    const account = new FakeAccount()
    withConsoleLab(account)
    account
      .stub('dynamoDb', 'us-east-1')
      .on(DescribeTableCommand, { TableName: 'orders-dev' })
      .resolves({ Table: { TableName: 'orders-dev', DeletionProtectionEnabled: true } })

    // Act
    const { problems } = await runPreflight(
      planFor({ env: 'dev', tablesFile: 'examples/tables.json' }),
      account.clients,
    )

    // Assess
    expect(problems).toEqual([
      'table orders-dev (us-east-1) exists outside stack DynamoDBManager-dev: deploy under other names with another -c env=NAME, adopt it with `npm run deploy -- --import-existing-resources` (with your other flags), or remove it: aws dynamodb update-table --table-name orders-dev --no-deletion-protection-enabled --region us-east-1 && aws dynamodb delete-table --table-name orders-dev --region us-east-1',
    ])
    const described = account
      .stub('dynamoDb', 'us-east-1')
      .commandCalls(DescribeTableCommand)
      .map((call) => call.args[0].input.TableName)
    expect(new Set(described)).toEqual(new Set(['orders-dev']))
  })

  it('is no problem under another environment: the names differ', async () => {
    const account = new FakeAccount()
    withConsoleLab(account)

    const { problems } = await runPreflight(planFor({ env: 'dev' }), account.clients)

    expect(problems).toEqual([])
    expect(account.requests()).toContain('iam us-east-1 GetRoleCommand')
  })

  it('is no problem when the stack holds it: the deploy is an update', async () => {
    const account = new FakeAccount()
    withConsoleLab(account)
    account.stackHolds('us-east-1', 'DynamoDBManager', [
      { type: 'AWS::DynamoDB::GlobalTable', physicalId: 'lambda-apigateway' },
      { type: 'AWS::IAM::Role', physicalId: 'lambda-apigateway-role' },
      { type: 'AWS::Lambda::Function', physicalId: 'LambdaFunctionOverHttps' },
      { type: 'AWS::Logs::LogGroup', physicalId: '/aws/lambda/LambdaFunctionOverHttps' },
      {
        type: 'AWS::IAM::ManagedPolicy',
        physicalId: `arn:aws:iam::${ACCOUNT}:policy/DynamoDBManagerInvoke-us-east-1`,
      },
    ])

    const { problems } = await runPreflight(planFor(), account.clients)

    expect(problems).toEqual([])
  })

  it("is a problem when the same stack name in another region holds it: the lab's role name is global", async () => {
    // DynamoDBManager was deployed to us-east-1; now the same stack goes to eu-west-1.
    const account = new FakeAccount()
    withConsoleLab(account, 'eu-west-1')
    account.stackHolds('us-east-1', 'DynamoDBManager', [
      { type: 'AWS::IAM::Role', physicalId: 'lambda-apigateway-role' },
    ])

    const { problems } = await runPreflight(planFor({ region: 'eu-west-1' }), account.clients)

    expect(problems.filter((line) => line.startsWith('role '))).toEqual([
      expect.stringContaining('role lambda-apigateway-role exists outside stack DynamoDBManager:'),
    ])
  })

  const primary = 'DynamoDBManagerGlobal-us-east-1'

  /** The primary's stack holds the global table; us-west-2 answers with `west`. */
  function withGlobalTable(account: FakeAccount, west: TableDescription): void {
    account.stackHolds('us-east-1', primary, [
      { type: 'AWS::DynamoDB::GlobalTable', physicalId: 'lambda-apigateway' },
    ])
    account
      .stub('dynamoDb', 'us-east-1')
      .on(DescribeTableCommand)
      .resolves({
        Table: { TableName: 'lambda-apigateway', Replicas: [{ RegionName: 'us-west-2' }] },
      })
    account.stub('dynamoDb', 'us-west-2').on(DescribeTableCommand).resolves({ Table: west })
  }

  it('names the table in every region of a global table, unless it is a replica of the same table', async () => {
    const account = new FakeAccount()
    // us-west-2 holds a table of its own of that name, not a replica of the stack's.
    withGlobalTable(account, { TableName: 'lambda-apigateway', DeletionProtectionEnabled: true })

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      `table lambda-apigateway (us-west-2) exists outside stack ${primary}: deploy under other names with another -c env=NAME, or remove it: aws dynamodb update-table --table-name lambda-apigateway --no-deletion-protection-enabled --region us-west-2 && aws dynamodb delete-table --table-name lambda-apigateway --region us-west-2`,
    ])
  })

  it("takes a replica of the stack's global table for the stack's own", async () => {
    const account = new FakeAccount()
    withGlobalTable(account, {
      TableName: 'lambda-apigateway',
      Replicas: [{ RegionName: 'us-east-1' }],
    })

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([])
  })

  it('with --import-existing-resources, notes what CloudFormation will adopt and refuses the rest', async () => {
    const account = new FakeAccount()
    withConsoleLab(account)

    const result = await runPreflight(
      planFor({}, { importExistingResources: true }),
      account.clients,
    )

    expect(result.notes).toEqual([
      'table lambda-apigateway (us-east-1) will be imported into stack DynamoDBManager.',
      'log group /aws/lambda/LambdaFunctionOverHttps (us-east-1) will be imported into stack DynamoDBManager.',
    ])
    expect(result.problems.map((line) => line.split(' exists')[0])).toEqual([
      'role lambda-apigateway-role',
      'function LambdaFunctionOverHttps (us-east-1)',
      'managed policy DynamoDBManagerInvoke-us-east-1',
    ])
  })

  it('offers no import of a table the stack would delete (removalPolicy destroy): import needs Retain', async () => {
    const account = new FakeAccount()
    withConsoleLab(account)

    const { problems } = await runPreflight(
      planFor({ removalPolicy: 'destroy', deletionProtection: false }),
      account.clients,
    )

    const table = problems.find((line) => line.startsWith('table '))
    expect(table).toContain('exists outside stack DynamoDBManager')
    expect(table).not.toContain('--import-existing-resources')
  })

  it('looks for the invoke role only when the stack creates one (invokePrincipal)', async () => {
    const account = new FakeAccount()
    account
      .stub('iam', 'us-east-1')
      .on(GetRoleCommand, { RoleName: 'DynamoDBManagerInvoker-us-east-1' })
      .resolves({
        Role: {
          RoleName: 'DynamoDBManagerInvoker-us-east-1',
          Path: '/',
          RoleId: 'R',
          Arn: 'arn',
          CreateDate: created,
        },
      })

    const without = await runPreflight(planFor(), account.clients)
    const withRole = await runPreflight(
      planFor({ invokePrincipal: '123456789012' }),
      account.clients,
    )

    expect(without.problems).toEqual([])
    expect(withRole.problems).toEqual([
      expect.stringMatching(
        /^role DynamoDBManagerInvoker-us-east-1 exists outside stack DynamoDBManager: .* aws iam delete-role --role-name DynamoDBManagerInvoker-us-east-1 /,
      ),
    ])
  })
})

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeAlarmsCommand, GetDashboardCommand } from '@aws-sdk/client-cloudwatch'
import { GetApplicationCommand } from '@aws-sdk/client-codedeploy'
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns'
import { ListWebACLsCommand } from '@aws-sdk/client-wafv2'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { ACCOUNT, FakeAccount } from './fake-account.js'
import { planFor } from './plans.js'

const REGION = 'us-east-1'
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:DynamoDBManager-alarms`

/** An account that holds, outside any stack, the monitoring resources of stack DynamoDBManager. */
function withMonitoringLeftovers(account: FakeAccount): void {
  account
    .stub('cloudWatch', REGION)
    .on(DescribeAlarmsCommand)
    .resolves({
      MetricAlarms: [
        { AlarmName: 'DynamoDBManager-Api5xxRate' },
        { AlarmName: 'DynamoDBManager-LambdaErrors' },
        // Another env's alarm: same prefix, not this stack's shape.
        { AlarmName: 'DynamoDBManager-dev-Api5xxRate' },
      ],
    })
    .on(GetDashboardCommand, { DashboardName: 'DynamoDBManager' })
    .resolves({ DashboardName: 'DynamoDBManager' })
  account
    .stub('sns', REGION)
    .on(GetTopicAttributesCommand, { TopicArn: TOPIC_ARN })
    .resolves({ Attributes: { TopicArn: TOPIC_ARN } })
  account
    .stub('codeDeploy', REGION)
    .on(GetApplicationCommand, { applicationName: 'DynamoDBManager' })
    .resolves({ application: { applicationName: 'DynamoDBManager' } })
  account
    .stub('wafv2', REGION)
    .on(ListWebACLsCommand)
    .resolves({
      WebACLs: [{ Name: 'DynamoDBManagerWaf', Id: 'acl-id', LockToken: 'lock-token' }],
    })
}

describe("the monitoring's named resources", () => {
  it('are each a problem when they exist outside the stack, the alarms in one line', async () => {
    // Prepare
    const account = new FakeAccount()
    withMonitoringLeftovers(account)

    // Act
    const { problems } = await runPreflight(planFor({ waf: true }), account.clients)

    // Assess
    expect(problems).toEqual([
      `SNS topic DynamoDBManager-alarms (${REGION}) exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove it: aws sns delete-topic --topic-arn ${TOPIC_ARN}`,
      'dashboard DynamoDBManager exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove it: aws cloudwatch delete-dashboards --dashboard-names DynamoDBManager',
      `CodeDeploy application DynamoDBManager (${REGION}) exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove it: aws deploy delete-application --application-name DynamoDBManager --region ${REGION}`,
      `WAF web ACL DynamoDBManagerWaf (${REGION}) exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove it: aws wafv2 delete-web-acl --name DynamoDBManagerWaf --scope REGIONAL --id acl-id --lock-token lock-token --region ${REGION}`,
      `alarms DynamoDBManager-Api5xxRate, DynamoDBManager-LambdaErrors (${REGION}) exist outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove them: aws cloudwatch delete-alarms --alarm-names DynamoDBManager-Api5xxRate DynamoDBManager-LambdaErrors --region ${REGION}`,
    ])
  })

  it("include the alarms of each declared table besides the default, not another table's", async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'tables-file-'))
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }))
    const tablesFile = join(folder, 'tables.json')
    const table = (name: string) => ({ name, partitionKey: { name: 'pk', type: 'S' } })
    writeFileSync(tablesFile, JSON.stringify({ tables: [table('orders'), table('customers')] }))
    const account = new FakeAccount()
    account
      .stub('cloudWatch', REGION)
      .on(DescribeAlarmsCommand)
      .resolves({
        MetricAlarms: [
          { AlarmName: 'DynamoDBManager-DynamoDbThrottles-customers' },
          // Another table's, which this deploy does not declare.
          { AlarmName: 'DynamoDBManager-DynamoDbThrottles-invoices' },
        ],
      })

    // Act
    const { problems } = await runPreflight(planFor({ tablesFile }), account.clients)

    // Assess
    expect(problems).toEqual([
      `alarm DynamoDBManager-DynamoDbThrottles-customers (${REGION}) exists outside stack DynamoDBManager: deploy under other names with another -c env=NAME, or remove it: aws cloudwatch delete-alarms --alarm-names DynamoDBManager-DynamoDbThrottles-customers --region ${REGION}`,
    ])
  })

  it('are no problem when the stack holds them: the deploy is an update', async () => {
    // Prepare
    const account = new FakeAccount()
    withMonitoringLeftovers(account)
    account.stackHolds(REGION, 'DynamoDBManager', [
      { type: 'AWS::CloudWatch::Alarm', physicalId: 'DynamoDBManager-Api5xxRate' },
      { type: 'AWS::CloudWatch::Alarm', physicalId: 'DynamoDBManager-LambdaErrors' },
      { type: 'AWS::CloudWatch::Dashboard', physicalId: 'DynamoDBManager' },
      { type: 'AWS::SNS::Topic', physicalId: TOPIC_ARN },
      { type: 'AWS::CodeDeploy::Application', physicalId: 'DynamoDBManager' },
      { type: 'AWS::WAFv2::WebACL', physicalId: 'DynamoDBManagerWaf|acl-id|REGIONAL' },
    ])

    // Act
    const { problems } = await runPreflight(planFor({ waf: true }), account.clients)

    // Assess
    expect(problems).toEqual([])
  })

  it('leave out the topic given by alarmTopicArn and the web ACL without waf', async () => {
    // Prepare
    const account = new FakeAccount()
    withMonitoringLeftovers(account)

    // Act
    const { problems } = await runPreflight(
      planFor({ alarmTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:ops` }),
      account.clients,
    )

    // Assess
    expect(problems.map((each) => each.split(/ exists? outside/)[0])).toEqual([
      'dashboard DynamoDBManager',
      `CodeDeploy application DynamoDBManager (${REGION})`,
      `alarms DynamoDBManager-Api5xxRate, DynamoDBManager-LambdaErrors (${REGION})`,
    ])
    expect(account.requests()).not.toContain(`sns ${REGION} GetTopicAttributesCommand`)
    expect(account.requests()).not.toContain(`wafv2 ${REGION} ListWebACLsCommand`)
  })
})

import { GetDashboardCommand, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch'
import { GetApplicationCommand } from '@aws-sdk/client-codedeploy'
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns'
import { ListWebACLsCommand, type WebACLSummary } from '@aws-sdk/client-wafv2'
import { ask } from './aws-errors.js'
import type { CheckContext, Finding } from './findings.js'
import { found, type Lookup } from './named-lookup.js'
import type { StackPlan } from './plan.js'

/**
 * The named resources the monitoring and the gradual deploys add to a stack (issue 12): its
 * alarms, their topic, its dashboard, CodeDeploy's application and the WAF web ACL. Like the
 * others (named-resources.ts), each one that exists outside the stack would fail the deploy.
 */
export function monitoringLookups(context: CheckContext, stack: StackPlan): Lookup[] {
  const { names, region } = stack
  const { clients, partition, account } = context
  const topicArn = `arn:${partition}:sns:${region}:${account}:${names.alarmTopic}`
  return [
    ...(stack.createsAlarmTopic
      ? [
          {
            what: `SNS topic ${names.alarmTopic} (${region})`,
            name: names.alarmTopic,
            types: ['AWS::SNS::Topic'],
            exists: async () =>
              (await ask(
                'sns:GetTopicAttributes',
                `topic ${names.alarmTopic} in ${region}`,
                () =>
                  clients.sns(region).send(new GetTopicAttributesCommand({ TopicArn: topicArn })),
                ['NotFoundException', 'NotFound'],
              )) !== undefined,
            importable: false,
            removal: `aws sns delete-topic --topic-arn ${topicArn}`,
          },
        ]
      : []),
    {
      // Dashboard names are global to the account: any region's endpoint finds it.
      what: `dashboard ${names.dashboard}`,
      name: names.dashboard,
      types: ['AWS::CloudWatch::Dashboard'],
      exists: async () =>
        (await ask(
          'cloudwatch:GetDashboard',
          `dashboard ${names.dashboard}`,
          () =>
            clients
              .cloudWatch(region)
              .send(new GetDashboardCommand({ DashboardName: names.dashboard })),
          ['ResourceNotFound', 'ResourceNotFoundException'],
        )) !== undefined,
      importable: false,
      removal: `aws cloudwatch delete-dashboards --dashboard-names ${names.dashboard}`,
    },
    {
      what: `CodeDeploy application ${names.deployApplication} (${region})`,
      name: names.deployApplication,
      types: ['AWS::CodeDeploy::Application'],
      exists: async () =>
        (await ask(
          'codedeploy:GetApplication',
          `CodeDeploy application ${names.deployApplication} in ${region}`,
          () =>
            clients
              .codeDeploy(region)
              .send(new GetApplicationCommand({ applicationName: names.deployApplication })),
          ['ApplicationDoesNotExistException'],
        )) !== undefined,
      importable: false,
      removal: `aws deploy delete-application --application-name ${names.deployApplication} --region ${region}`,
    },
    ...(stack.createsWebAcl ? [webAclLookup(context, stack)] : []),
  ]
}

function webAclLookup({ clients }: CheckContext, { names, region }: StackPlan): Lookup {
  let acl: WebACLSummary | undefined
  return {
    what: `WAF web ACL ${names.webAcl} (${region})`,
    name: names.webAcl,
    types: ['AWS::WAFv2::WebACL'],
    exists: async () => {
      // No lookup by name: WAF lists a region's web ACLs a page at a time.
      let marker: string | undefined
      do {
        const page = await ask('wafv2:ListWebACLs', `WAF web ACLs in ${region}`, () =>
          clients
            .wafv2(region)
            .send(new ListWebACLsCommand({ Scope: 'REGIONAL', NextMarker: marker })),
        )
        acl = page?.WebACLs?.find((each) => each.Name === names.webAcl)
        marker = page?.NextMarker
      } while (acl === undefined && marker !== undefined)
      return acl !== undefined
    },
    importable: false,
    get removal() {
      return `aws wafv2 delete-web-acl --name ${names.webAcl} --scope REGIONAL --id ${acl?.Id ?? '<id>'} --lock-token ${acl?.LockToken ?? '<lock token>'} --region ${region}`
    },
  }
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * An alarm the stack names: its prefix, a hyphen and the alarm's name, which has no hyphen;
 * or, for a table besides the default one, the alarm's name, a hyphen and that table's name.
 */
function isStackAlarm(alarmName: string, prefix: string, moreTables: readonly string[]): boolean {
  const tables = moreTables.map(escaped).join('|')
  const tableAlarm = tables === '' ? '' : `|[A-Za-z0-9]+-(?:${tables})`
  return new RegExp(`^${escaped(prefix)}-(?:[A-Za-z0-9]+${tableAlarm})$`).test(alarmName)
}

/**
 * The stack's alarms (`<stack>-<alarm>`, e.g. `DynamoDBManager-Api5xxRate`, and
 * `<stack>-<alarm>-<table>` for a declared table besides the default) that exist outside it: one line for all of them. Another env's alarms (`DynamoDBManager-dev-…`) share
 * the prefix but not the shape, and are left alone.
 */
export async function checkAlarms(context: CheckContext, stack: StackPlan): Promise<Finding[]> {
  const { names, region } = stack
  const existing = await ask('cloudwatch:DescribeAlarms', `alarms in ${region}`, async () => {
    const alarmNames: string[] = []
    const pages = paginateDescribeAlarms(
      { client: context.clients.cloudWatch(region) },
      { AlarmNamePrefix: `${names.alarmPrefix}-` },
    )
    for await (const page of pages) {
      for (const alarm of page.MetricAlarms ?? []) {
        const moreTables = stack.tableNames.slice(1)
        if (alarm.AlarmName && isStackAlarm(alarm.AlarmName, names.alarmPrefix, moreTables))
          alarmNames.push(alarm.AlarmName)
      }
    }
    return alarmNames
  })
  const holdings = await context.holdingsOf(stack)
  const outside = (existing ?? []).filter(
    (name) => !holdings.holds(['AWS::CloudWatch::Alarm'], name),
  )
  if (outside.length === 0) return []
  return [
    found(context, {
      what: `${outside.length === 1 ? 'alarm' : 'alarms'} ${outside.join(', ')} (${region})`,
      stack,
      importable: false,
      several: outside.length > 1,
      removal: `aws cloudwatch delete-alarms --alarm-names ${outside.join(' ')} --region ${region}`,
    }),
  ]
}

import {
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53'
import { ask, askFor } from './aws-errors.js'
import { type Check, type CheckContext, type Finding, problem } from './findings.js'
import type { FailoverCheckPlan } from './plan.js'

/** Route 53 writes names fully qualified (`example.com.`) and in lower case. */
export function dnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '')
}

/** Whether `name` is the zone's apex or a name under it. */
function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`)
}

/** The record types a failover A record would clash with, or shadow for some clients. */
const CLASHING_TYPES = ['A', 'AAAA', 'CNAME']

/** The record sets of one name, every type, page by page. */
async function recordSetsNamed(
  context: CheckContext,
  zoneId: string,
  name: string,
): Promise<ResourceRecordSet[]> {
  const region = context.plan.regions[0] as string
  const target = dnsName(name)
  const sets: ResourceRecordSet[] = []
  let start: { name?: string; type?: string; identifier?: string } = { name }
  for (;;) {
    const page = await askFor('route53:ListResourceRecordSets', `the records of ${name}`, () =>
      context.clients.route53(region).send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          StartRecordName: start.name,
          StartRecordType: start.type as ResourceRecordSet['Type'],
          StartRecordIdentifier: start.identifier,
        }),
      ),
    )
    const records = page.ResourceRecordSets ?? []
    const named = records.filter((each) => dnsName(each.Name ?? '') === target)
    sets.push(...named)
    // The list is in name order: once a page ends past the name, there are no more.
    if (!page.IsTruncated || named.length < records.length) return sets
    start = {
      name: page.NextRecordName,
      type: page.NextRecordType,
      identifier: page.NextRecordIdentifier,
    }
  }
}

/** What `aws route53 change-resource-record-sets` deletes the record set with. */
function deleteCommand(zoneId: string, record: ResourceRecordSet): string {
  const batch = JSON.stringify({ Changes: [{ Action: 'DELETE', ResourceRecordSet: record }] })
  return `aws route53 change-resource-record-sets --hosted-zone-id ${zoneId} --change-batch '${batch}'`
}

async function checkRecords(
  context: CheckContext,
  failover: FailoverCheckPlan,
  zoneName: string,
  record: FailoverCheckPlan['records'][number],
): Promise<Finding[]> {
  const sets = await recordSetsNamed(context, failover.hostedZoneId, record.name)
  return sets
    .filter((each) => CLASHING_TYPES.includes(each.Type ?? ''))
    .filter(
      (each) => !(each.Type === 'A' && record.setIdentifiers.includes(each.SetIdentifier ?? '')),
    )
    .map((each) => {
      const kind =
        each.SetIdentifier === undefined
          ? 'a simple record'
          : `set identifier ${each.SetIdentifier}`
      return problem(
        `record ${record.name} ${each.Type} in zone ${zoneName} (${kind}) is not one of this app's failover records (${record.setIdentifiers.join(', ')}): delete it (${deleteCommand(failover.hostedZoneId, each)}), or set multiRegion.domainName to another name`,
      )
    })
}

async function checkZone(context: CheckContext, failover: FailoverCheckPlan): Promise<Finding[]> {
  const { hostedZoneId, hostedZoneName, domainName } = failover
  const region = context.plan.regions[0] as string
  const answer = await ask(
    'route53:GetHostedZone',
    `hosted zone ${hostedZoneId}`,
    () => context.clients.route53(region).send(new GetHostedZoneCommand({ Id: hostedZoneId })),
    ['NoSuchHostedZone'],
  )
  const zone = answer?.HostedZone
  const find = `aws route53 list-hosted-zones-by-name --dns-name ${hostedZoneName}`
  if (zone === undefined) {
    return [
      problem(
        `hosted zone ${hostedZoneId} does not exist: set multiRegion.hostedZoneId to the public zone of ${hostedZoneName} (${find})`,
      ),
    ]
  }
  const zoneName = dnsName(zone.Name ?? '')
  const findings: Finding[] = []
  if (zone.Config?.PrivateZone) {
    findings.push(
      problem(
        `hosted zone ${hostedZoneId} (${zoneName}) is private: the failover records must be public; set multiRegion.hostedZoneId to the public zone of ${hostedZoneName} (${find})`,
      ),
    )
  }
  if (zoneName !== dnsName(hostedZoneName)) {
    findings.push(
      problem(
        `hosted zone ${hostedZoneId} is named ${zoneName}, not ${hostedZoneName}: set multiRegion.hostedZoneName to ${zoneName}, or multiRegion.hostedZoneId to the zone of ${hostedZoneName} (${find})`,
      ),
    )
  }
  if (!isInZone(dnsName(domainName), zoneName)) {
    findings.push(
      problem(
        `multiRegion.domainName ${domainName} is not in hosted zone ${zoneName}: use a name under ${zoneName}, or the zone that holds ${domainName}`,
      ),
    )
    return findings
  }
  const records = await Promise.all(
    failover.records.map((record) => checkRecords(context, failover, zoneName, record)),
  )
  return [...findings, ...records.flat()]
}

/** The hosted zone the failover records go in, and what it already holds at their names. */
export const checkHostedZone: Check = (context) => {
  const failover = context.plan.failover
  return failover === undefined ? [] : [checkZone(context, failover)]
}

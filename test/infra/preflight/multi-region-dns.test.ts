import { DescribeCertificateCommand, ResourceNotFoundException } from '@aws-sdk/client-acm'
import {
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  NoSuchHostedZone,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53'
import { describe, expect, it } from 'vitest'
import { certificateCovers } from '../../../infra/preflight/certificates.js'
import { runPreflight } from '../../../infra/preflight/preflight.js'
import { multiRegion } from '../settings/contexts.js'
import { FakeAccount, ZONE_ID } from './fake-account.js'
import { multiRegionPlan } from './plans.js'

const WEST_CERTIFICATE = multiRegion.certificateArns['us-west-2']

function withCertificate(
  account: FakeAccount,
  region: string,
  certificate: { Status: string; DomainName: string; SubjectAlternativeNames?: string[] },
): void {
  account
    .stub('acm', region)
    .on(DescribeCertificateCommand)
    .resolves({ Certificate: certificate as never })
}

function withZone(account: FakeAccount, name: string, privateZone = false): void {
  account
    .stub('route53', 'us-east-1')
    .on(GetHostedZoneCommand)
    .resolves({
      HostedZone: {
        Id: `/hostedzone/${ZONE_ID}`,
        Name: name,
        CallerReference: 'x',
        Config: { PrivateZone: privateZone },
      },
    })
}

function withRecords(account: FakeAccount, records: ResourceRecordSet[]): void {
  account
    .stub('route53', 'us-east-1')
    .on(ListResourceRecordSetsCommand)
    .callsFake((input: { StartRecordName: string }) => ({
      // Route 53 answers from the start name on, in its order.
      ResourceRecordSets: records.filter((each) => (each.Name ?? '') >= input.StartRecordName),
      IsTruncated: false,
      MaxItems: 300,
    }))
}

const failoverRecord = (name: string, setIdentifier: string): ResourceRecordSet => ({
  Name: `${name}.`,
  Type: 'A',
  SetIdentifier: setIdentifier,
  Failover: setIdentifier.startsWith('primary') ? 'PRIMARY' : 'SECONDARY',
  AliasTarget: {
    HostedZoneId: 'Z2',
    DNSName: 'd-1.execute-api.amazonaws.com.',
    EvaluateTargetHealth: true,
  },
})

describe('certificateCovers', () => {
  it.each([
    ['api.example.com', 'api.example.com', true],
    ['API.example.com', 'api.EXAMPLE.com', true],
    ['*.example.com', 'api.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.api.example.com', false],
    ['*.example.com', 'api.example.org', false],
    ['example.com', 'api.example.com', false],
  ])('%s covers %s: %s', (name, domain, covers) => {
    expect(certificateCovers(name, domain)).toBe(covers)
  })
})

describe("each region's certificate", () => {
  it('is a problem when not ISSUED', async () => {
    const account = new FakeAccount()
    withCertificate(account, 'us-west-2', {
      Status: 'PENDING_VALIDATION',
      DomainName: 'api.example.com',
    })

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      `certificate ${WEST_CERTIFICATE} (us-west-2) is PENDING_VALIDATION, not ISSUED: finish its DNS validation (aws acm describe-certificate --certificate-arn ${WEST_CERTIFICATE} --region us-west-2 shows the record to add), or set multiRegion.certificateArns.us-west-2 to an issued certificate`,
    ])
  })

  it('is a problem when it does not cover the domain', async () => {
    const account = new FakeAccount()
    withCertificate(account, 'us-west-2', {
      Status: 'ISSUED',
      DomainName: 'example.com',
      SubjectAlternativeNames: ['example.com', 'www.example.com'],
    })

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      `certificate ${WEST_CERTIFICATE} (us-west-2) does not cover api.example.com (it covers example.com, www.example.com): request one (aws acm request-certificate --domain-name api.example.com --validation-method DNS --region us-west-2) and set multiRegion.certificateArns.us-west-2 to its ARN`,
    ])
  })

  it('covers the domain with a one-level wildcard among its alternative names', async () => {
    const account = new FakeAccount()
    withCertificate(account, 'us-west-2', {
      Status: 'ISSUED',
      DomainName: 'example.com',
      SubjectAlternativeNames: ['example.com', '*.example.com'],
    })

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([])
  })

  it('is a problem when it does not exist in its region', async () => {
    const account = new FakeAccount()
    account
      .stub('acm', 'us-west-2')
      .on(DescribeCertificateCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }))

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      expect.stringMatching(
        /^certificate \S+ does not exist in us-west-2: request one \(aws acm request-certificate --domain-name api\.example\.com .*\), validate it, and set multiRegion\.certificateArns\.us-west-2 to its ARN$/,
      ),
    ])
  })
})

describe('the hosted zone', () => {
  it('is a problem when it does not exist', async () => {
    const account = new FakeAccount()
    account
      .stub('route53', 'us-east-1')
      .on(GetHostedZoneCommand)
      .rejects(new NoSuchHostedZone({ message: 'No hosted zone found', $metadata: {} }))

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      `hosted zone ${ZONE_ID} does not exist: set multiRegion.hostedZoneId to the public zone of example.com (aws route53 list-hosted-zones-by-name --dns-name example.com)`,
    ])
  })

  it('is a problem when it is private', async () => {
    const account = new FakeAccount()
    withZone(account, 'example.com.', true)

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      expect.stringContaining(`hosted zone ${ZONE_ID} (example.com) is private:`),
    ])
  })

  it('is a problem when its name is not hostedZoneName, and when it does not hold the domain', async () => {
    const account = new FakeAccount()
    withZone(account, 'example.org.')

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      `hosted zone ${ZONE_ID} is named example.org, not example.com: set multiRegion.hostedZoneName to example.org, or multiRegion.hostedZoneId to the zone of example.com (aws route53 list-hosted-zones-by-name --dns-name example.com)`,
      'multiRegion.domainName api.example.com is not in hosted zone example.org: use a name under example.org, or the zone that holds api.example.com',
    ])
  })
})

describe('a record at a failover record name', () => {
  it("is no problem when it is one of the app's failover records (an update), nor when of another type", async () => {
    const account = new FakeAccount()
    withRecords(account, [
      failoverRecord('api.example.com', 'primary-us-east-1'),
      failoverRecord('api.example.com', 'secondary-us-west-2'),
      { Name: 'api.example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=1"' }] },
      {
        Name: 'www.example.com.',
        Type: 'CNAME',
        TTL: 300,
        ResourceRecords: [{ Value: 'x.example.net' }],
      },
    ])

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([])
  })

  it("is a problem when it is someone else's A record: one line, with the exact delete command", async () => {
    const account = new FakeAccount()
    const simple: ResourceRecordSet = {
      Name: 'api.example.com.',
      Type: 'A',
      TTL: 300,
      ResourceRecords: [{ Value: '192.0.2.1' }],
    }
    withRecords(account, [simple])

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    const batch = JSON.stringify({ Changes: [{ Action: 'DELETE', ResourceRecordSet: simple }] })
    expect(problems).toEqual([
      `record api.example.com A in zone example.com (a simple record) is not one of this app's failover records (primary-us-east-1, secondary-us-west-2): delete it (aws route53 change-resource-record-sets --hosted-zone-id ${ZONE_ID} --change-batch '${batch}'), or set multiRegion.domainName to another name`,
    ])
  })

  it('is found on a later page of the zone', async () => {
    const account = new FakeAccount()
    const pages = [
      {
        ResourceRecordSets: [failoverRecord('api.example.com', 'primary-us-east-1')],
        IsTruncated: true,
        NextRecordName: 'api.example.com.',
        NextRecordType: 'A' as const,
        NextRecordIdentifier: 'z',
        MaxItems: 1,
      },
      {
        ResourceRecordSets: [failoverRecord('api.example.com', 'z')],
        IsTruncated: false,
        MaxItems: 1,
      },
    ]
    account
      .stub('route53', 'us-east-1')
      .on(ListResourceRecordSetsCommand)
      .callsFake((input: { StartRecordIdentifier?: string }) =>
        input.StartRecordIdentifier === 'z' ? pages[1] : pages[0],
      )

    const { problems } = await runPreflight(multiRegionPlan(), account.clients)

    expect(problems).toEqual([
      expect.stringContaining('record api.example.com A in zone example.com (set identifier z)'),
    ])
  })

  it('is a problem when a CNAME or AAAA sits at a chain link of three regions', async () => {
    const account = new FakeAccount()
    withRecords(account, [
      {
        Name: 'failover-1.api.example.com.',
        Type: 'AAAA',
        TTL: 60,
        ResourceRecords: [{ Value: '2001:db8::1' }],
      },
      {
        Name: 'failover-1.api.example.com.',
        Type: 'CNAME',
        SetIdentifier: 'old',
        Weight: 1,
        TTL: 60,
        ResourceRecords: [{ Value: 'x.example.net' }],
      },
    ])
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1']
    const certificateArns = Object.fromEntries(
      regions.map((region) => [region, `arn:aws:acm:${region}:111122223333:certificate/c`]),
    )

    const { problems } = await runPreflight(
      multiRegionPlan({ multiRegion: { ...multiRegion, regions, certificateArns } }),
      account.clients,
    )

    expect(problems.map((line) => line.split(': delete')[0])).toEqual([
      "record failover-1.api.example.com AAAA in zone example.com (a simple record) is not one of this app's failover records (primary-us-west-2, secondary-eu-west-1)",
      "record failover-1.api.example.com CNAME in zone example.com (set identifier old) is not one of this app's failover records (primary-us-west-2, secondary-eu-west-1)",
    ])
  })
})

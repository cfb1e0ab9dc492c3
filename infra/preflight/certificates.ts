import { DescribeCertificateCommand } from '@aws-sdk/client-acm'
import { ask } from './aws-errors.js'
import { type Check, type CheckContext, type Finding, problem } from './findings.js'

/**
 * Whether a certificate name covers a domain: the same name, or a wildcard one level above
 * it (`*.example.com` covers `api.example.com`, not `example.com` nor `a.api.example.com`).
 */
export function certificateCovers(certificateName: string, domainName: string): boolean {
  const name = certificateName.toLowerCase()
  const domain = domainName.toLowerCase()
  if (name === domain) return true
  if (!name.startsWith('*.')) return false
  const parent = name.slice(1)
  const label = domain.slice(0, -parent.length)
  return domain.endsWith(parent) && label !== '' && !label.includes('.')
}

async function checkCertificate(
  context: CheckContext,
  region: string,
  arn: string,
  domainName: string,
): Promise<Finding[]> {
  const key = `multiRegion.certificateArns.${region}`
  const request = `aws acm request-certificate --domain-name ${domainName} --validation-method DNS --region ${region}`
  const answer = await ask(
    'acm:DescribeCertificate',
    `certificate ${arn}`,
    () => context.clients.acm(region).send(new DescribeCertificateCommand({ CertificateArn: arn })),
    ['ResourceNotFoundException'],
  )
  const certificate = answer?.Certificate
  if (certificate === undefined) {
    return [
      problem(
        `certificate ${arn} does not exist in ${region}: request one (${request}), validate it, and set ${key} to its ARN`,
      ),
    ]
  }
  const names = [
    ...new Set([certificate.DomainName, ...(certificate.SubjectAlternativeNames ?? [])]),
  ].filter((name): name is string => name !== undefined)
  const findings: Finding[] = []
  if (certificate.Status !== 'ISSUED') {
    findings.push(
      problem(
        `certificate ${arn} (${region}) is ${certificate.Status ?? 'not issued'}, not ISSUED: finish its DNS validation (aws acm describe-certificate --certificate-arn ${arn} --region ${region} shows the record to add), or set ${key} to an issued certificate`,
      ),
    )
  }
  if (!names.some((name) => certificateCovers(name, domainName))) {
    findings.push(
      problem(
        `certificate ${arn} (${region}) does not cover ${domainName} (it covers ${names.join(', ') || 'no name'}): request one (${request}) and set ${key} to its ARN`,
      ),
    )
  }
  return findings
}

/** Each region's certificate for the shared name (multi-region only). */
export const checkCertificates: Check = (context) => {
  const failover = context.plan.failover
  if (failover === undefined) return []
  return Object.entries(failover.certificateArns).map(([region, arn]) =>
    checkCertificate(context, region, arn, failover.domainName),
  )
}

import { Duration, Stack, Token } from 'aws-cdk-lib'
import {
  BasePathMapping,
  DomainName,
  EndpointType,
  type RestApi,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigateway'
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager'
import {
  ARecord,
  Failover,
  HealthCheck,
  HealthCheckType,
  HostedZone,
  type IAliasRecordTarget,
  type IHostedZone,
  RecordTarget,
} from 'aws-cdk-lib/aws-route53'
import { ApiGatewayDomain } from 'aws-cdk-lib/aws-route53-targets'
import { Construct } from 'constructs'
import { type FailoverRecordPlan, FailoverRole, failoverSetIdentifier } from './failover-plan.js'
import { STAGE_NAME } from './lab-api.js'
import { checkWholeNumber, InvalidPropError } from './prop-checks.js'

/** Seconds between two probes of one Route 53 checker: either end, nothing between. */
export const HEALTH_CHECK_INTERVAL_SECONDS = { min: 10, max: 30 } as const
/** Failed probes in a row before Route 53 counts the endpoint unhealthy. */
export const HEALTH_CHECK_FAILURE_THRESHOLD = { min: 1, max: 10 } as const

export interface RegionalFailoverProps {
  /** This region's API. */
  readonly api: RestApi
  /** The name clients call, the same in every region, e.g. `api.example.com`. */
  readonly domainName: string
  /**
   * An ACM certificate for `domainName` in this stack's region (regional custom domains
   * take a certificate of their own region). Given, not looked up: synth stays offline.
   */
  readonly certificateArn: string
  /** The public hosted zone that holds `domainName`. Given, not looked up. */
  readonly hostedZoneId: string
  readonly hostedZoneName: string
  /** The failover records this region's stack creates (see failoverPlan). */
  readonly records: readonly FailoverRecordPlan[]
  /** Seconds between two probes of one checker: 10 or 30. @default Duration.seconds(30) */
  readonly healthCheckInterval?: Duration
  /** Failed probes in a row before the region counts as unhealthy. @default 3 */
  readonly healthCheckFailureThreshold?: number
}

/**
 * Throws an InvalidPropError naming the first prop Route 53 or API Gateway would refuse: a
 * certificate that is not an ACM certificate of `region` (a regional custom domain takes one
 * of its own region; any region when not known), a probe interval other than 10 or 30 s, a
 * threshold out of range.
 */
export function checkRegionalFailoverProps(
  props: Partial<
    Pick<
      RegionalFailoverProps,
      'certificateArn' | 'healthCheckInterval' | 'healthCheckFailureThreshold'
    >
  >,
  region?: string,
): void {
  const { certificateArn, healthCheckInterval, healthCheckFailureThreshold } = props
  if (certificateArn !== undefined && !Token.isUnresolved(certificateArn)) {
    const known = region !== undefined && !Token.isUnresolved(region)
    const arn = new RegExp(
      `^arn:aws[a-z-]*:acm:${known ? region : '[a-z0-9-]+'}:\\d{12}:certificate/`,
    )
    if (!arn.test(certificateArn)) {
      throw new InvalidPropError(
        'certificateArn',
        known
          ? `expected an ACM certificate ARN of region ${region} (arn:aws:acm:${region}:…) for the custom domain there.`
          : 'expected an ACM certificate ARN (arn:aws:acm:<region>:…) for the custom domain.',
      )
    }
  }
  if (healthCheckInterval !== undefined && !healthCheckInterval.isUnresolved()) {
    const seconds = healthCheckInterval.toSeconds({ integral: false })
    const { min, max } = HEALTH_CHECK_INTERVAL_SECONDS
    if (seconds !== min && seconds !== max) {
      throw new InvalidPropError(
        'healthCheckInterval',
        `Route 53 probes every ${min} or ${max} seconds, not ${seconds}.`,
      )
    }
  }
  checkWholeNumber(
    'healthCheckFailureThreshold',
    healthCheckFailureThreshold,
    HEALTH_CHECK_FAILURE_THRESHOLD,
  )
}

/** An alias of another record of the same hosted zone, by name. */
function aliasOfRecord(zone: IHostedZone, recordName: string): IAliasRecordTarget {
  return {
    bind: () => ({
      dnsName: recordName,
      hostedZoneId: zone.hostedZoneId,
      evaluateTargetHealth: true,
    }),
  }
}

/**
 * Route 53 wants failover alias records to evaluate their target's health. An API Gateway
 * domain reports none of its own: the record's health check is what moves DNS.
 */
function evaluatingTargetHealth(target: IAliasRecordTarget): IAliasRecordTarget {
  return { bind: (record, zone) => ({ ...target.bind(record, zone), evaluateTargetHealth: true }) }
}

/**
 * The availability part of one region: a regional custom domain (the shared name, this
 * region's certificate) mapped to the API's Prod stage, a Route 53 health check on this
 * region's GET /Prod/health, and this region's failover records.
 *
 * The health check probes the region's own execute-api host, not the shared name: the shared
 * name resolves to whichever region DNS currently prefers.
 *
 * @example
 * new RegionalFailover(stack, 'Failover', { api, domainName: 'api.example.com', … })
 */
export class RegionalFailover extends Construct {
  public readonly domain: DomainName
  public readonly healthCheck: HealthCheck
  public readonly records: ARecord[]

  constructor(scope: Construct, id: string, props: RegionalFailoverProps) {
    super(scope, id)
    checkRegionalFailoverProps(props, Stack.of(this).region)
    const {
      api,
      domainName,
      certificateArn,
      hostedZoneId,
      hostedZoneName,
      records,
      healthCheckInterval = Duration.seconds(30),
      healthCheckFailureThreshold = 3,
    } = props
    const stack = Stack.of(this)

    this.domain = new DomainName(this, 'Domain', {
      domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    })
    // Base path '' maps the whole domain to the stage: https://api.example.com/DynamoDBManager.
    new BasePathMapping(this, 'Mapping', {
      domainName: this.domain,
      restApi: api,
      stage: api.deploymentStage,
    })

    this.healthCheck = new HealthCheck(this, 'HealthCheck', {
      type: HealthCheckType.HTTPS_STR_MATCH,
      fqdn: `${api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
      port: 443,
      resourcePath: `/${STAGE_NAME}/health`,
      searchString: '"status":"ok"',
      enableSNI: true,
      requestInterval: healthCheckInterval,
      failureThreshold: healthCheckFailureThreshold,
    })

    const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId,
      zoneName: hostedZoneName,
    })
    this.records = records.map(
      (record, index) =>
        new ARecord(this, `Record${index}`, {
          zone,
          recordName: record.recordName,
          target: RecordTarget.fromAlias(
            record.aliasOf === undefined
              ? evaluatingTargetHealth(new ApiGatewayDomain(this.domain))
              : aliasOfRecord(zone, record.aliasOf),
          ),
          failover: record.role === FailoverRole.Primary ? Failover.PRIMARY : Failover.SECONDARY,
          setIdentifier: failoverSetIdentifier(record),
          healthCheck: record.aliasOf === undefined ? this.healthCheck : undefined,
        }),
    )
    // Route 53 refuses an alias of a record that does not exist yet, and deleting in the
    // wrong order strands one: an alias waits for the chain link it points to.
    records.forEach((record, index) => {
      if (record.aliasOf === undefined) return
      for (const [linkIndex, link] of records.entries()) {
        if (link.recordName === record.aliasOf)
          this.records[index]?.node.addDependency(this.records[linkIndex] as ARecord)
      }
    })
  }
}

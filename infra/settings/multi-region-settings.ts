import { Duration } from 'aws-cdk-lib'
import { checkRegionNames } from '../constructs/prop-checks.js'
import {
  checkRegionalFailoverProps,
  HEALTH_CHECK_FAILURE_THRESHOLD,
  HEALTH_CHECK_INTERVAL_SECONDS,
} from '../constructs/regional-failover.js'
import { checkAsSettings, SettingsError, type SettingsReader } from './settings-reader.js'

export interface MultiRegionSettings {
  /** Regions in order of preference; the first holds the primary of the global table. */
  readonly regions: readonly string[]
  /** The name clients call, served by every region, e.g. `api.example.com`. */
  readonly domainName: string
  readonly hostedZoneId: string
  readonly hostedZoneName: string
  /** An ACM certificate ARN for `domainName` in each region. */
  readonly certificateArns: Readonly<Record<string, string>>
  readonly healthCheckInterval: Duration | undefined
  readonly healthCheckFailureThreshold: number | undefined
}

/** The keys of RegionalFailover's props, as the `multiRegion` object names them. */
const KEY_OF_PROP = {
  certificateArn: 'multiRegion.certificateArns',
  healthCheckInterval: 'multiRegion.healthCheckIntervalSeconds',
  healthCheckFailureThreshold: 'multiRegion.healthCheckFailureThreshold',
} as const

/**
 * The `multiRegion` object, or undefined when unset: the regions, the shared domain and
 * each region's certificate, checked by RegionalFailover's own check.
 *
 * @example
 * const multiRegion = readMultiRegionSettings(new SettingsReader(context))
 */
export function readMultiRegionSettings(settings: SettingsReader): MultiRegionSettings | undefined {
  const object = settings.object('multiRegion')
  if (object === undefined) return undefined
  const nested = settings.nested('multiRegion', object)
  const required = (key: string) => {
    const value = nested.string(key)
    if (value === undefined) throw new SettingsError(`multiRegion.${key}`, 'is required.')
    return value
  }
  const regions = nested.list('regions') ?? []
  if (regions.length < 2 || new Set(regions).size !== regions.length) {
    throw new SettingsError(
      'multiRegion.regions',
      'expected two or more different regions, the primary first.',
    )
  }
  checkAsSettings(() => checkRegionNames('multiRegion.regions', regions))
  const certificates = nested.object('certificateArns') ?? {}
  const certificateArns: Record<string, string> = {}
  for (const region of regions) {
    const arn = certificates[region]
    // A missing or non-string ARN is refused as an empty one would be.
    const certificateArn = typeof arn === 'string' ? arn : ''
    checkAsSettings(() => checkRegionalFailoverProps({ certificateArn }, region), KEY_OF_PROP)
    certificateArns[region] = certificateArn
  }
  const interval = nested.number('healthCheckIntervalSeconds', HEALTH_CHECK_INTERVAL_SECONDS)
  const healthCheckInterval = interval === undefined ? undefined : Duration.seconds(interval)
  checkAsSettings(() => checkRegionalFailoverProps({ healthCheckInterval }), KEY_OF_PROP)
  return {
    regions,
    domainName: required('domainName'),
    hostedZoneId: required('hostedZoneId'),
    hostedZoneName: required('hostedZoneName'),
    certificateArns,
    healthCheckInterval,
    healthCheckFailureThreshold: nested.number(
      'healthCheckFailureThreshold',
      HEALTH_CHECK_FAILURE_THRESHOLD,
    ),
  }
}

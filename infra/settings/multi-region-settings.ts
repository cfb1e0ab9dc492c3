import { Duration } from 'aws-cdk-lib'
import { SettingsError, SettingsReader } from './settings-reader.js'

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

/**
 * The `multiRegion` object, or undefined when unset: the regions, the shared domain and
 * each region's certificate.
 *
 * @example
 * const multiRegion = readMultiRegionSettings(new SettingsReader(context))
 */
export function readMultiRegionSettings(settings: SettingsReader): MultiRegionSettings | undefined {
  const object = settings.object('multiRegion')
  if (object === undefined) return undefined
  const nested = new SettingsReader((key) => object[key])
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
  for (const region of regions) new SettingsReader(() => region).region('multiRegion.regions')
  const certificates = nested.object('certificateArns') ?? {}
  const certificateArns: Record<string, string> = {}
  for (const region of regions) {
    const arn = certificates[region]
    if (
      typeof arn !== 'string' ||
      !new RegExp(`^arn:aws[a-z-]*:acm:${region}:\\d{12}:certificate/`).test(arn)
    ) {
      throw new SettingsError(
        'multiRegion.certificateArns',
        `expected an ACM certificate ARN of region ${region} (arn:aws:acm:${region}:…) for the custom domain there.`,
      )
    }
    certificateArns[region] = arn
  }
  const interval = nested.number('healthCheckIntervalSeconds', { min: 10, max: 30 })
  if (interval !== undefined && interval !== 10 && interval !== 30) {
    throw new SettingsError(
      'multiRegion.healthCheckIntervalSeconds',
      `Route 53 probes every 10 or 30 seconds, not ${interval}.`,
    )
  }
  return {
    regions,
    domainName: required('domainName'),
    hostedZoneId: required('hostedZoneId'),
    hostedZoneName: required('hostedZoneName'),
    certificateArns,
    healthCheckInterval: interval === undefined ? undefined : Duration.seconds(interval),
    healthCheckFailureThreshold: nested.number('healthCheckFailureThreshold', { min: 1, max: 10 }),
  }
}

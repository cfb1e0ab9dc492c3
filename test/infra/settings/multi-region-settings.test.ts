import { describe, expect, it } from 'vitest'
import { readMultiRegionSettings } from '../../../infra/settings/multi-region-settings.js'
import { SettingsReader } from '../../../infra/settings/settings-reader.js'
import { contextOf, multiRegion } from './contexts.js'

const read = (values: Record<string, unknown>) =>
  readMultiRegionSettings(new SettingsReader(contextOf({ multiRegion: values })))

describe('readMultiRegionSettings', () => {
  it('takes the health check interval and threshold as numbers, as a settings file holds them', () => {
    const settings = read({
      ...multiRegion,
      healthCheckIntervalSeconds: 10,
      healthCheckFailureThreshold: 2,
    })

    expect(settings?.healthCheckInterval?.toSeconds()).toBe(10)
    expect(settings?.healthCheckFailureThreshold).toBe(2)
    expect(() => read({ ...multiRegion, healthCheckIntervalSeconds: 20 })).toThrow(
      /^multiRegion.healthCheckIntervalSeconds: Route 53 probes every 10 or 30 seconds/,
    )
  })

  it('refuses a multi-region setup without a certificate of each region', () => {
    const certificateArns = { 'us-east-1': multiRegion.certificateArns['us-east-1'] }

    expect(() => read({ ...multiRegion, certificateArns })).toThrow(
      /^multiRegion.certificateArns: expected an ACM certificate ARN of region us-west-2/,
    )
  })

  it("refuses a certificate of another region, by RegionalFailover's own check", () => {
    const certificateArns = {
      ...multiRegion.certificateArns,
      'us-west-2': multiRegion.certificateArns['us-east-1'],
    }

    expect(() => read({ ...multiRegion, certificateArns })).toThrow(
      /^multiRegion.certificateArns: expected an ACM certificate ARN of region us-west-2 \(arn:aws:acm:us-west-2:…\)/,
    )
  })
  it.each([
    [['us-east-1'], /^multiRegion.regions: expected two or more different regions/],
    [['us-east-1', 'us-east-1'], /^multiRegion.regions: expected two or more different regions/],
    [
      ['us-east-1', 'nowhere'],
      /^multiRegion.regions: "nowhere" is not an AWS region name such as eu-west-1\.$/,
    ],
  ])('refuses the regions %j, naming the key', (regions, message) => {
    expect(() => read({ ...multiRegion, regions })).toThrow(message)
  })
})

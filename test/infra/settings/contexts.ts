import type { ContextReader } from '../../../infra/settings/settings-reader.js'

/** Context as the CDK app reads it, from plain values. */
export const contextOf =
  (values: Record<string, unknown>): ContextReader =>
  (key) =>
    values[key]

/** A complete multiRegion setting: two regions, a certificate of each. */
export const multiRegion = {
  regions: ['us-east-1', 'us-west-2'],
  domainName: 'api.example.com',
  hostedZoneId: 'Z0EXAMPLE',
  hostedZoneName: 'example.com',
  certificateArns: {
    'us-east-1': 'arn:aws:acm:us-east-1:111122223333:certificate/a',
    'us-west-2': 'arn:aws:acm:us-west-2:111122223333:certificate/b',
  },
}

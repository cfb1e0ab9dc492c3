import { describe, expect, it } from 'vitest'
import { ALARM_THRESHOLDS } from '../../../infra/constructs/lab-alarms.js'
import {
  alarmTopicArnFor,
  readMonitoringSettings,
  thresholdKey,
} from '../../../infra/settings/monitoring-settings.js'
import { SettingsError, SettingsReader } from '../../../infra/settings/settings-reader.js'
import { contextOf } from './contexts.js'

const read = (values: Record<string, unknown>) =>
  readMonitoringSettings(new SettingsReader(contextOf(values)))

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:ops-alarms'

describe('readMonitoringSettings', () => {
  it('leaves every threshold to its default when unset', () => {
    const settings = read({})

    expect(Object.values(settings.thresholds ?? {}).every((each) => each === undefined)).toBe(true)
    expect(settings).toMatchObject({ alarmEmail: undefined, alarmTopicArn: undefined })
  })

  it('reads each threshold from its alarm… key, from -c strings and JSON numbers', () => {
    const settings = read({ alarmApiLatencyP99Ms: '750', alarmServerErrors: 3 })

    expect(settings.thresholds).toMatchObject({ apiLatencyP99Ms: 750, serverErrors: 3 })
  })

  it.each(
    Object.entries(ALARM_THRESHOLDS).map(([name, range]) => [
      thresholdKey(name as keyof typeof ALARM_THRESHOLDS),
      range.max + 1,
    ]),
  )('refuses %s out of its bounds in one line naming the key', (key, value) => {
    expect(() => read({ [key]: String(value) })).toThrow(SettingsError)
    expect(() => read({ [key]: String(value) })).toThrow(
      new RegExp(`^${key}: expected a whole number from \\d+ to \\d+, got "${value}"\\.$`),
    )
  })

  it.each([
    [{ alarmEmail: 'not-an-address' }, /^alarmEmail: expected an email address/],
    [{ alarmTopicArn: 'ops-alarms' }, /^alarmTopicArn: expected an SNS topic ARN/],
    [
      { alarmTopicArn: '{"us-east-1": 42}' },
      /^alarmTopicArn: expected an SNS topic ARN, or a JSON object/,
    ],
    [
      { alarmTopicArn: { 'us-east-1': 'arn:aws:sqs:us-east-1:111122223333:q' } },
      /^alarmTopicArn: expected an SNS topic ARN/,
    ],
    [
      { alarmEmail: 'ops@example.com', alarmTopicArn: TOPIC },
      /^alarmEmail: set either alarmEmail .* or alarmTopicArn/,
    ],
  ])('refuses %o in one line naming the key', (values, message) => {
    expect(() => read(values)).toThrow(SettingsError)
    expect(() => read(values)).toThrow(message)
  })

  it('takes an address, and a topic ARN as one or one per region', () => {
    expect(read({ alarmEmail: 'ops@example.com' })).toMatchObject({
      alarmEmail: 'ops@example.com',
    })
    expect(read({ alarmTopicArn: TOPIC }).alarmTopicArn).toBe(TOPIC)
    expect(read({ alarmTopicArn: `{"us-east-1": "${TOPIC}"}` }).alarmTopicArn).toEqual({
      'us-east-1': TOPIC,
    })
  })
})

describe('alarmTopicArnFor', () => {
  it("picks the region's topic, or the one topic, or none", () => {
    expect(alarmTopicArnFor({ 'us-east-1': TOPIC }, 'us-east-1')).toBe(TOPIC)
    expect(alarmTopicArnFor(TOPIC, 'us-east-1')).toBe(TOPIC)
    expect(alarmTopicArnFor(undefined, 'us-east-1')).toBeUndefined()
  })

  it('names the key and the region missing from a per-region object', () => {
    expect(() => alarmTopicArnFor({ 'us-east-1': TOPIC }, 'us-west-2')).toThrow(
      /^alarmTopicArn: names no topic for us-west-2: add "us-west-2"/,
    )
  })
})

import { checkAlarmTopicProps } from '../constructs/alarm-topic.js'
import { ALARM_THRESHOLDS, type AlarmThresholds } from '../constructs/lab-alarms.js'
import type { MonitoringSettings } from '../constructs/lab-monitoring.js'
import { checkAsSettings, SettingsError, type SettingsReader } from './settings-reader.js'

/** The monitoring settings; the topic is one ARN, or one per region (an alarm notifies only its own region's). */
export interface LabMonitoringSettings
  extends Omit<MonitoringSettings, 'alarmTopicArn' | 'metricsNamespace'> {
  readonly alarmTopicArn: string | Readonly<Record<string, string>> | undefined
}

/** A threshold's key: `alarm` and its name, capitalized (`alarmApi5xxRatePercent`). */
export function thresholdKey(name: keyof typeof ALARM_THRESHOLDS): string {
  return `alarm${name[0]?.toUpperCase()}${name.slice(1)}`
}

/**
 * `alarmEmail`, `alarmTopicArn` (an ARN, or a JSON object of one ARN per region), the
 * thresholds (`alarm…` keys, bounds beside LabAlarms), each checked as the construct taking
 * it checks it. The metrics' namespace is the function's setting (function-settings.ts).
 *
 * @example
 * const monitoring = readMonitoringSettings(new SettingsReader(context))
 */
export function readMonitoringSettings(settings: SettingsReader): LabMonitoringSettings {
  const alarmEmail = settings.string('alarmEmail')
  const alarmTopicArn = readTopicArns(settings)
  const arns =
    typeof alarmTopicArn === 'string' ? [alarmTopicArn] : Object.values(alarmTopicArn ?? {})
  for (const topicArn of arns) checkAsSettings(() => checkAlarmTopicProps({ topicArn }))
  checkAsSettings(() => checkAlarmTopicProps({ email: alarmEmail, topicArn: arns[0] }))
  const thresholds: Record<string, number | undefined> = {}
  for (const [name, range] of Object.entries(ALARM_THRESHOLDS)) {
    thresholds[name] = settings.number(thresholdKey(name as keyof AlarmThresholds), range)
  }
  return { alarmEmail, alarmTopicArn, thresholds }
}

function readTopicArns(settings: SettingsReader): LabMonitoringSettings['alarmTopicArn'] {
  const raw = settings.raw('alarmTopicArn')
  if (raw === undefined || (typeof raw === 'string' && !raw.trim().startsWith('{'))) {
    return settings.string('alarmTopicArn')
  }
  const object = settings.object('alarmTopicArn') ?? {}
  const entries = Object.entries(object)
  if (entries.length === 0 || !entries.every(([, arn]) => typeof arn === 'string')) {
    throw new SettingsError(
      'alarmTopicArn',
      'expected an SNS topic ARN, or a JSON object of one per region: {"us-east-1": "arn:aws:sns:us-east-1:…"}.',
    )
  }
  return Object.fromEntries(entries) as Record<string, string>
}

/**
 * The topic ARN for a stack of `region`, or undefined for a new topic. Throws a SettingsError
 * when ARNs are given per region and none is for `region`.
 */
export function alarmTopicArnFor(
  alarmTopicArn: LabMonitoringSettings['alarmTopicArn'],
  region: string,
): string | undefined {
  if (alarmTopicArn === undefined || typeof alarmTopicArn === 'string') return alarmTopicArn
  const arn = alarmTopicArn[region]
  if (arn === undefined) {
    throw new SettingsError(
      'alarmTopicArn',
      `names no topic for ${region}: add "${region}": "arn:aws:sns:${region}:…" (an alarm notifies only a topic of its region).`,
    )
  }
  return arn
}

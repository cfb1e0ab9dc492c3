import { describe, expect, it } from 'vitest'
import { readFunctionSettings } from '../../../infra/settings/function-settings.js'
import { SettingsError, SettingsReader } from '../../../infra/settings/settings-reader.js'
import { contextOf } from './contexts.js'

const read = (values: Record<string, unknown>) =>
  readFunctionSettings(new SettingsReader(contextOf(values)))

describe('readFunctionSettings', () => {
  it.each([
    [
      { timeoutSeconds: '30' },
      /^timeoutSeconds: 30 s is over API Gateway's 29 s integration timeout/,
    ],
    [
      { timeoutSeconds: '3' },
      /^timeoutSeconds: 3 s leaves no room for the handler's 3000 ms wait for DynamoDB/,
    ],
    // The default timeout (15 s) against a longer wait for DynamoDB: still the timeout's key.
    [{ dynamoDbTimeoutMs: '25000' }, /^timeoutSeconds: 15 s leaves .* use at least 26 s/],
  ])(
    "names the setting's key when LabFunction's own check refuses the timeout: %o",
    (values, message) => {
      expect(() => read(values)).toThrow(SettingsError)
      expect(() => read(values)).toThrow(message)
    },
  )

  it('accepts a timeout that leaves room for the wait for DynamoDB', () => {
    const settings = read({ timeoutSeconds: '26', dynamoDbTimeoutMs: '25000' })

    expect(settings.timeout?.toSeconds()).toBe(26)
    expect(settings.dynamoDbTimeoutMs).toBe(25_000)
  })

  it('reads the metrics namespace, and names the key when CloudWatch would refuse it', () => {
    expect(read({ metricsNamespace: 'Lab/dev' }).metricsNamespace).toBe('Lab/dev')
    expect(() => read({ metricsNamespace: 'AWS/Lambda' })).toThrow(SettingsError)
    expect(() => read({ metricsNamespace: 'Lab!' })).toThrow(
      /^metricsNamespace: "Lab!" is not a CloudWatch namespace/,
    )
  })
})

import { describe, expect, it } from 'vitest'
import { attemptTimeoutMs } from '../../src/dynamodb/create-client.js'

describe('attemptTimeoutMs', () => {
  it.each([
    [3000, 3, 1000],
    [28_000, 10, 2800],
    [100, 10, 100],
  ])(
    'gives each of the attempts a share of the deadline: %i ms over %i attempts → %i ms',
    (deadline, attempts, share) => {
      expect(
        attemptTimeoutMs({
          dynamoDbTimeoutMs: deadline,
          dynamoDbMaxAttempts: attempts,
          region: 'us-east-1',
          dynamoDbEndpoint: undefined,
        }),
      ).toBe(share)
    },
  )
})

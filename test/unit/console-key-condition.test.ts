import { describe, expect, it } from 'vitest'
import {
  FormError,
  type KeyConditionFields,
  type KeySource,
  keyConditionOf,
  withKeyTokens,
} from '../../src/console/key-condition.js'

/** The byStatus index: a string partition key, a number sort key. */
const BY_STATUS: KeySource = {
  indexName: 'byStatus',
  partitionKey: { name: 'status', type: 'S' },
  sortKey: { name: 'createdAt', type: 'N' },
}

const fields = (given: Partial<KeyConditionFields>): KeyConditionFields => ({
  partitionValue: 'open',
  sortOperator: undefined,
  sortValue: '',
  sortValueTo: '',
  ...given,
})

describe("the console's key condition, on a table's or an index's declared keys", () => {
  it.each([
    [undefined, '#keyPartition = :keyPartition', {}],
    ['<=', '#keyPartition = :keyPartition AND #keySort <= :keySort', { ':keySort': { $N: '5' } }],
    [
      'begins_with',
      '#keyPartition = :keyPartition AND begins_with(#keySort, :keySort)',
      { ':keySort': { $N: '5' } },
    ],
    [
      'between',
      '#keyPartition = :keyPartition AND #keySort BETWEEN :keySort AND :keySortTo',
      { ':keySort': { $N: '5' }, ':keySortTo': { $N: '12345678901234567890' } },
    ],
  ] as const)('writes the sort key condition %s', (sortOperator, expression, sortValues) => {
    // Act
    const condition = keyConditionOf(
      BY_STATUS,
      fields({ sortOperator, sortValue: '5', sortValueTo: '12345678901234567890' }),
    )

    // Assess
    expect(condition).toEqual({
      expression,
      names: {
        '#keyPartition': 'status',
        ...(sortOperator === undefined ? {} : { '#keySort': 'createdAt' }),
      },
      values: { ':keyPartition': 'open', ...sortValues },
    })
  })

  it.each([
    [fields({ partitionValue: '' }), 'Enter a value for the partition key status.'],
    [
      fields({ sortOperator: '>', sortValue: 'soon' }),
      'createdAt is a Number key: "soon" is not a number, e.g. 42 or 3.5.',
    ],
    [
      fields({ sortOperator: 'between', sortValue: '1' }),
      'Enter a value for the upper bound of createdAt.',
    ],
  ])('refuses %j before anything is sent', (given, message) => {
    expect(() => keyConditionOf(BY_STATUS, given)).toThrow(new FormError(message))
  })

  it('sends a Binary key as base64 in the API encoding, and refuses what is not base64', () => {
    // Prepare
    const binary: KeySource = {
      indexName: undefined,
      partitionKey: { name: 'hash', type: 'B' },
      sortKey: undefined,
    }

    // Act
    const condition = keyConditionOf(binary, fields({ partitionValue: 'aGk=' }))

    // Assess
    expect(condition.values).toEqual({ ':keyPartition': { $B: 'aGk=' } })
    expect(() => keyConditionOf(binary, fields({ partitionValue: 'not base64!' }))).toThrow(
      FormError,
    )
  })

  it("refuses a filter token the key condition uses, and keeps the filter's others", () => {
    expect(withKeyTokens({ ':p': 'x' }, { ':keyPartition': 'open' })).toEqual({
      ':p': 'x',
      ':keyPartition': 'open',
    })
    expect(() => withKeyTokens({ ':keyPartition': 'x' }, { ':keyPartition': 'open' })).toThrow(
      /:keyPartition is used by the key condition/,
    )
  })
})

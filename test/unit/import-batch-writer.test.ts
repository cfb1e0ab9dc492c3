import { describe, expect, it } from 'vitest'
import {
  batchWriteLines,
  keyText,
  requestsOf,
  type SendPuts,
} from '../../src/cli/commands/import-batch-writer.js'
import type { ItemLine } from '../../src/cli/commands/import-writer.js'
import { DynamoDBManagerError } from '../../src/client/errors.js'
import type { JsonObject } from '../../src/core/codec/json.js'

const KEY = ['pk', 'sk']

/** Lines 1… holding the items `pk`/`sk` given, each with its line number as `v`. */
function lines(...keys: Array<[string, string]>): ItemLine[] {
  return keys.map(([pk, sk], index) => ({ number: index + 1, item: { pk, sk, v: index + 1 } }))
}

/** A fake BatchWriteItem: records each request's items; `answer` decides what is left undone. */
function recordingSend(
  answer: (items: readonly JsonObject[], call: number) => JsonObject[] = () => [],
) {
  const requests: JsonObject[][] = []
  const send: SendPuts = async (items) => {
    requests.push([...items])
    return answer(items, requests.length)
  }
  return { send, requests }
}

const error = (status: number, code: 'ValidationError' | 'ServiceUnavailable') =>
  new DynamoDBManagerError({ status, code, message: `injected ${code}` })

const numbersOf = (requests: JsonObject[][]) => requests.map((items) => items.map((item) => item.v))

const noPause = async () => {}

describe('requests of an import batch', () => {
  it('holds at most 25 lines a request, in line order', () => {
    // Prepare
    const many = lines(...Array.from({ length: 60 }, (_, i): [string, string] => [`p${i}`, 's']))

    // Act
    const requests = requestsOf(many, KEY)

    // Assess
    expect(requests.map((request) => request.length)).toEqual([25, 25, 10])
    expect(requests.flat().map((line) => line.number)).toEqual(many.map((line) => line.number))
  })

  it('starts a new request before a key already in the current one, and only then', () => {
    // Prepare: lines 1 and 3 are one item (same pk and sk); line 2 shares only the pk.
    const batch = lines(['a', '1'], ['a', '2'], ['a', '1'], ['b', '1'])

    // Act
    const requests = requestsOf(batch, KEY)

    // Assess
    expect(requests.map((request) => request.map((line) => line.number))).toEqual([
      [1, 2],
      [3, 4],
    ])
  })

  it('tells keys apart by every key attribute, and has no key for an item missing one', () => {
    expect(keyText({ pk: 'a', sk: '1' }, KEY)).not.toBe(keyText({ pk: 'a', sk: '2' }, KEY))
    expect(keyText({ pk: 'a' }, KEY)).toBeUndefined()
  })
})

describe('batchWriteLines', () => {
  it('writes a batch with duplicate keys as requests in order, so the later line is stored last', async () => {
    // Prepare
    const { send, requests } = recordingSend()
    const write = batchWriteLines(send, { keyAttributes: KEY, resends: 3, pause: noPause })

    // Act
    const outcomes = await write(lines(['a', '1'], ['b', '1'], ['a', '1']))

    // Assess
    expect(numbersOf(requests)).toEqual([[1, 2], [3]])
    expect(outcomes).toEqual([1, 2, 3].map((number) => ({ number, kind: 'stored' })))
  })

  it('sends unprocessed items again, alone, after a pause, until they are done', async () => {
    // Prepare: the first answer leaves line 2's item undone.
    const { send, requests } = recordingSend((items, call) => (call === 1 ? [{ ...items[1] }] : []))
    const pauses: number[] = []
    const write = batchWriteLines(send, {
      keyAttributes: KEY,
      resends: 3,
      pause: async (resend) => {
        pauses.push(resend)
      },
    })

    // Act
    const outcomes = await write(lines(['a', '1'], ['b', '1'], ['c', '1']))

    // Assess
    expect(numbersOf(requests)).toEqual([[1, 2, 3], [2]])
    expect(pauses).toEqual([1])
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['stored', 'stored', 'stored'])
  })

  it('gives up on an item still unprocessed after its resends, and sends nothing after it', async () => {
    // Prepare: line 2's item is never done; lines 1-2 and 3 are two requests (line 3 repeats line 1's key).
    const { send, requests } = recordingSend((items) => items.filter((item) => item.v === 2))
    const write = batchWriteLines(send, { keyAttributes: KEY, resends: 2, pause: noPause })

    // Act
    const outcomes = await write(lines(['a', '1'], ['b', '1'], ['a', '1']))

    // Assess: sent 3 times in all; line 3 never sent, so it has no outcome (unsettled).
    expect(numbersOf(requests)).toEqual([[1, 2], [2], [2]])
    expect(outcomes).toEqual([
      { number: 1, kind: 'stored' },
      { number: 2, kind: 'unprocessed', attempts: 3 },
    ])
  })

  it('sends every line again when an unprocessed item matches none of them', async () => {
    // Prepare: the answer names a key that was not sent.
    const { send, requests } = recordingSend((_, call) =>
      call === 1 ? [{ pk: 'z', sk: '9' }] : [],
    )
    const write = batchWriteLines(send, { keyAttributes: KEY, resends: 3, pause: noPause })

    // Act
    const outcomes = await write(lines(['a', '1'], ['b', '1']))

    // Assess
    expect(numbersOf(requests)).toEqual([
      [1, 2],
      [1, 2],
    ])
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['stored', 'stored'])
  })

  it('sends a refused request again line by line, so that only the line at fault is refused', async () => {
    // Prepare: the API refuses any request holding line 2's item (say, it lacks a key attribute).
    const { send, requests } = recordingSend()
    const refusing: SendPuts = async (items) => {
      const undone = await send(items)
      if (items.some((item) => item.v === 2)) throw error(400, 'ValidationError')
      return undone
    }
    const write = batchWriteLines(refusing, { keyAttributes: KEY, resends: 3, pause: noPause })

    // Act
    const outcomes = await write(lines(['a', '1'], ['b', '1'], ['c', '1']))

    // Assess
    expect(numbersOf(requests)).toEqual([[1, 2, 3], [1], [2], [3]])
    expect(outcomes).toEqual([
      { number: 1, kind: 'stored' },
      {
        number: 2,
        kind: 'refused',
        reason: 'ValidationError (HTTP 400): injected ValidationError',
      },
      { number: 3, kind: 'stored' },
    ])
  })

  it('leaves a request that failed with a server error unwritten, and sends nothing after it', async () => {
    // Prepare: two requests (line 3 repeats line 1's key); the first one fails.
    const failure = error(503, 'ServiceUnavailable')
    const { send, requests } = recordingSend()
    const failing: SendPuts = async (items) => {
      await send(items)
      throw failure
    }
    const write = batchWriteLines(failing, { keyAttributes: KEY, resends: 3, pause: noPause })

    // Act
    const outcomes = await write(lines(['a', '1'], ['b', '1'], ['a', '1']))

    // Assess
    expect(numbersOf(requests)).toEqual([[1, 2]])
    expect(outcomes).toEqual([
      { number: 1, kind: 'unwritten', error: failure },
      { number: 2, kind: 'unwritten', error: failure },
    ])
  })
})

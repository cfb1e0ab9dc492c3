import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { marshall, NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb'
import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json'

/**
 * The API's documented JSON encoding (docs/api.md, "The JSON encoding"), written a second time,
 * independently of src/core/codec, on the AWS SDK's own marshaller: the oracle the fuzz
 * suite checks the table against. Plain JSON becomes JavaScript values; `$B`, `$SS`, `$NS`,
 * `$BS`, `$N` and `$M` become what util-dynamodb marshals to B, SS, NS, BS, N and M.
 */
const TYPED = ['$B', '$SS', '$NS', '$BS', '$N', '$M']

function number(value: unknown): NumberValue {
  return NumberValue.from(
    isLosslessNumber(value) ? (value as { value: string }).value : String(value),
  )
}

function bytes(base64: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(String(base64), 'base64'))
}

function toNative(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (isLosslessNumber(value) || typeof value === 'number') return number(value)
  if (Array.isArray(value)) return value.map(toNative)
  const object = value as Record<string, unknown>
  const keys = Object.keys(object)
  const [only] = keys
  if (keys.length === 1 && only !== undefined && TYPED.includes(only)) {
    const inner = object[only]
    switch (only) {
      case '$B':
        return bytes(inner)
      case '$SS':
        return new Set(inner as string[])
      case '$NS':
        return new Set((inner as unknown[]).map(number))
      case '$BS':
        return new Set((inner as unknown[]).map(bytes))
      case '$N':
        return number(inner)
      case '$M':
        return toNativeMap(inner as Record<string, unknown>)
    }
  }
  return toNativeMap(object)
}

function toNativeMap(object: Record<string, unknown>): Record<string, unknown> {
  const map: Record<string, unknown> = {}
  for (const key of Object.keys(object)) map[key] = toNative(object[key])
  return map
}

/**
 * An attribute named `constructor` makes util-dynamodb take its map for a class instance;
 * maps are maps here, whatever their keys.
 */
const MARSHALL_OPTIONS = { convertClassInstanceToMap: true } as const

/** JSON text with every number kept as its digits. */
const parseExactly = (text: string): unknown =>
  parse(text, null, (digits) => new LosslessNumber(digits))

/** An item, given as JSON text in the API's encoding, as DynamoDB attribute values. */
export function referenceItem(itemText: string): Record<string, AttributeValue> {
  return marshall(toNativeMap(parseExactly(itemText) as Record<string, unknown>), MARSHALL_OPTIONS)
}

/** One attribute value, given as JSON text in the API's encoding. */
export function referenceValue(valueText: string): AttributeValue {
  return marshall({ value: toNative(parseExactly(valueText)) }, MARSHALL_OPTIONS)
    .value as AttributeValue
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { canonicalNumber } from '../../src/core/codec/number-value.js'

function bytesText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** An AttributeValue in a canonical, comparable form: sets sorted, numbers canonical. */
function canonicalAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return { S: value.S }
  if (value.N !== undefined) return { N: canonicalNumber(value.N) }
  if (value.BOOL !== undefined) return { BOOL: value.BOOL }
  if (value.NULL !== undefined) return { NULL: true }
  if (value.B !== undefined) return { B: bytesText(value.B) }
  if (value.SS !== undefined) return { SS: [...value.SS].sort() }
  if (value.NS !== undefined) return { NS: value.NS.map(canonicalNumber).sort() }
  if (value.BS !== undefined) return { BS: value.BS.map(bytesText).sort() }
  if (value.L !== undefined) return { L: value.L.map(canonicalAttribute) }
  if (value.M !== undefined) return { M: canonicalItem(value.M) }
  return { unknown: Object.keys(value) }
}

/** An item (attribute map) in canonical form, attribute names sorted. */
export function canonicalItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  const canonical: Record<string, unknown> = {}
  for (const name of Object.keys(item).sort()) {
    const value = item[name]
    if (value !== undefined) {
      Object.defineProperty(canonical, name, { value: canonicalAttribute(value), enumerable: true })
    }
  }
  return canonical
}

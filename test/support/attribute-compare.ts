import type { AttributeValue } from '@aws-sdk/client-dynamodb'

/**
 * DynamoDB keeps a number's value, not its spelling: `1.50`, `1.5E0` and `15e-1` are one
 * number and come back as `1.5`. This writes any number text in one canonical form
 * (sign, significant digits, exponent) so that values can be compared exactly.
 */
export function canonicalNumber(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim())
  if (!match) return `NaN(${text})`
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match
  let digits = `${whole}${fraction}`
  let exponent = Number(exponentText) - fraction.length
  const leading = /^0*/.exec(digits)?.[0].length ?? 0
  digits = digits.slice(leading)
  if (digits === '') return '0'
  const trailing = /0*$/.exec(digits)?.[0].length ?? 0
  digits = digits.slice(0, digits.length - trailing)
  exponent += trailing
  return `${sign === '-' ? '-' : ''}${digits}e${exponent}`
}

function bytesText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** An AttributeValue in a canonical, comparable form: sets sorted, numbers canonical. */
export function canonicalAttribute(value: AttributeValue): unknown {
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

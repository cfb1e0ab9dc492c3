/**
 * A DynamoDB number's value in one spelling: DynamoDB keeps a number's value, not the way
 * it was written, so `1.50`, `1.5E0` and `15e-1` are one number (and one set element).
 *
 * @example
 * canonicalNumber('1.50') === canonicalNumber('15e-1') // true: both '15e-1'
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

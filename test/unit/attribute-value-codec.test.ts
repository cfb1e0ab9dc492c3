import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { fromAttributeMap, fromAttributeValue } from '../../src/core/codec/from-attribute-value.js'
import { type JsonValue, stringifyJson } from '../../src/core/codec/json.js'
import { canonicalNumber } from '../../src/core/codec/number-value.js'
import { parseJson } from '../../src/core/codec/request-json.js'
import { toAttributeMapOf, toAttributeValue } from '../../src/core/codec/to-attribute-value.js'

const encode = (json: string) => toAttributeValue(parseJson(json), 'Item')
const decode = (value: AttributeValue) => stringifyJson(fromAttributeValue(value))

describe('the attribute encoding, JSON to DynamoDB', () => {
  it.each<[string, AttributeValue]>([
    ['"Bob"', { S: 'Bob' }],
    ['5', { N: '5' }],
    ['12345678901234567890', { N: '12345678901234567890' }],
    ['3.14159265358979323846264338327950288', { N: '3.14159265358979323846264338327950288' }],
    ['true', { BOOL: true }],
    ['null', { NULL: true }],
    ['[1,"a",null]', { L: [{ N: '1' }, { S: 'a' }, { NULL: true }] }],
    ['{"a":{"b":[]}}', { M: { a: { M: { b: { L: [] } } } } }],
    ['{"$B":"aGVsbG8="}', { B: Buffer.from('hello') }],
    ['{"$SS":["a","b"]}', { SS: ['a', 'b'] }],
    ['{"$NS":[1,"2.5",12345678901234567890]}', { NS: ['1', '2.5', '12345678901234567890'] }],
    ['{"$BS":["aGk=","eW8="]}', { BS: [Buffer.from('hi'), Buffer.from('yo')] }],
    ['{"$N":"12345678901234567890"}', { N: '12345678901234567890' }],
    ['{"$M":{"$SS":"not a set"}}', { M: { $SS: { S: 'not a set' } } }],
    ['{"$SS":["a"],"other":1}', { M: { $SS: { L: [{ S: 'a' }] }, other: { N: '1' } } }],
  ])('encodes %s', (json, expected) => {
    expect(encode(json)).toEqual(expected)
  })

  it.each([
    [32, true],
    [33, false],
  ])('takes lists and maps nested %i deep: %s, as DynamoDB does', (depth, accepted) => {
    const json = `{"v":${'['.repeat(depth - 1)}{"m":1}${']'.repeat(depth - 1)}}`
    const encode = () => toAttributeMapOf(parseJson(json) as { [k: string]: JsonValue }, 'Item')
    if (accepted) expect(encode).not.toThrow()
    else expect(encode).toThrow(/nest more than 32 levels deep/)
  })

  it.each([
    ['{"$SS":[]}', /Item\.\$SS: a \$SS set must be a non-empty array/],
    ['{"$SS":["a",1]}', /Item\.\$SS\[1\]: a \$SS element must be a string/],
    ['{"$SS":["","x",""]}', /Item\.\$SS\[2\]: a \$SS set holds this value twice/],
    ['{"$NS":[1,"1.0",2]}', /Item\.\$NS\[1\]: a \$NS set holds this value twice/],
    ['{"$BS":["AA==","AA=="]}', /Item\.\$BS\[1\]: a \$BS set holds this value twice/],
    ['{"$B":"not base64!"}', /Item\.\$B: \$B must be a base64 string/],
    ['{"$NS":["x"]}', /Item\.\$NS\[0\]: a \$NS element must be a number/],
    ['{"a":{"b":[{"$B":1}]}}', /Item\.a\.b\[0\]\.\$B: \$B must be a base64 string/],
    ['{"__proto__":1}', /"__proto__" cannot be stored/],
    ['{"s":"\\ud800"}', /Item\.s: a string holds an unpaired UTF-16 surrogate/],
  ])('refuses %s with the path of the attribute at fault', (json, message) => {
    expect(() => encode(json)).toThrow(message)
  })
})

describe('the attribute encoding, DynamoDB to JSON', () => {
  it.each<[AttributeValue, string]>([
    [{ S: 'Bob' }, '"Bob"'],
    [{ N: '12345678901234567890' }, '12345678901234567890'],
    [{ N: '-1E-130' }, '-1E-130'],
    [{ BOOL: false }, 'false'],
    [{ NULL: true }, 'null'],
    [{ B: Buffer.from('hello') }, '{"$B":"aGVsbG8="}'],
    [{ SS: ['a', 'b'] }, '{"$SS":["a","b"]}'],
    [
      { NS: ['1', '3.14159265358979323846264338327950288'] },
      '{"$NS":[1,3.14159265358979323846264338327950288]}',
    ],
    [{ BS: [Buffer.from('hi')] }, '{"$BS":["aGk="]}'],
    [{ L: [{ M: { x: { SS: ['y'] } } }] }, '[{"x":{"$SS":["y"]}}]'],
    [{ M: { $NS: { S: 'just a key' } } }, '{"$M":{"$NS":"just a key"}}'],
  ])('decodes %j', (value, expected) => {
    expect(decode(value)).toBe(expected)
  })

  it('reads an attribute named __proto__ written by another client as an own key', () => {
    // Prepare
    const map = Object.defineProperty({} as Record<string, AttributeValue>, '__proto__', {
      value: { S: 'x' },
      enumerable: true,
    })

    // Act
    const decoded = fromAttributeMap(map)

    // Assess
    expect(Object.keys(decoded)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
  })

  it.each([
    '{"id":"1","tags":{"$SS":["a","b"]},"blob":{"$B":"AAEC"},"n":12345678901234567890}',
    '{"deep":{"list":[{"$NS":[1,2]},{"$BS":["AA=="]},null,true,{"$M":{"$B":"x"}}]}}',
  ])('writes back what it reads: %s', (json) => {
    // Act
    const once = fromAttributeMap(
      toAttributeMapOf(parseJson(json) as { [k: string]: JsonValue }, 'Item'),
    )

    // Assess
    expect(stringifyJson(once)).toBe(json)
  })
})

describe('canonicalNumber', () => {
  it.each([
    ['1.50', '15e-1'],
    ['15e-1', '15e-1'],
    ['100', '1e2'],
    ['-0.000', '0'],
    ['12345678901234567890', '1234567890123456789e1'],
  ])('writes %s as %s', (text, canonical) => {
    expect(canonicalNumber(text)).toBe(canonical)
  })
})

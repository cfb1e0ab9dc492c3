import { describe, expect, it } from 'vitest'
import { LosslessNumber, stringifyJson } from '../../src/core/codec/json.js'
import { nestingDepth, parseJson } from '../../src/core/codec/request-json.js'
import { BadRequestError } from '../../src/core/errors.js'

describe('parseJson', () => {
  it.each([
    ['12345678901234567890'],
    ['3.14159265358979323846264338327950288'],
    ['-0.30000000000000000001'],
    ['99999999999999999999999999999999999999'],
  ])('keeps every digit of %s', (literal) => {
    // Act
    const parsed = parseJson(`{"n":${literal}}`) as { n: unknown }

    // Assess
    expect(parsed.n).toBeInstanceOf(LosslessNumber)
    expect((parsed.n as LosslessNumber).value).toBe(literal)
    expect(stringifyJson(parsed as never)).toBe(`{"n":${literal}}`)
  })

  it('reads numbers a double holds exactly as plain numbers', () => {
    expect(parseJson('{"a":5,"b":0.5,"c":-12}')).toEqual({ a: 5, b: 0.5, c: -12 })
  })

  it.each([
    ['{"a":1,"a":2}', /Duplicate key 'a'/],
    ['{"operation":', /not valid JSON/],
    ['', /not valid JSON/],
    ["{'a':1}", /not valid JSON/],
  ])('refuses %j with a 400 that says why', (text, message) => {
    expect(() => parseJson(text)).toThrow(BadRequestError)
    expect(() => parseJson(text)).toThrow(message)
  })

  it('refuses a body nested too deeply before parsing it, without crashing', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    expect(() => parseJson(deep)).toThrow(/nested more than 64 levels deep/)
  })

  it.each([
    [64, true],
    [65, false],
  ])('takes nesting of %i levels: %s', (depth, accepted) => {
    const text = `${'{"a":'.repeat(depth - 1)}[1]${'}'.repeat(depth - 1)}`
    expect(nestingDepth(text)).toBe(depth)
    if (accepted) expect(() => parseJson(text)).not.toThrow()
    else expect(() => parseJson(text)).toThrow(/nested more than 64/)
  })

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestingDepth('{"a":"[[[{{{\\"]]]","b":[{}]}')).toBe(3)
  })

  it('keeps __proto__ as an own key instead of setting the prototype', () => {
    // Act
    const parsed = parseJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>

    // Assess
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(Object.keys(parsed)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/core/errors.js'
import { checkContentType, readBodyText } from '../../src/http/body.js'
import type { HttpRequest } from '../../src/http/request.js'

function request(body: string | null, isBase64Encoded = false): HttpRequest {
  return {
    method: 'POST',
    path: '/DynamoDBManager',
    headers: {},
    body,
    isBase64Encoded,
    requestId: 'r-1',
  }
}

function statusOf(action: () => unknown): number | undefined {
  try {
    action()
  } catch (error) {
    if (error instanceof ApiError) return error.statusCode
    throw error
  }
  return undefined
}

describe('checkContentType', () => {
  it.each([
    [undefined],
    [''],
    ['application/json'],
    ['Application/JSON; charset=UTF-8'],
    ['application/json;charset=utf8'],
    ['application/vnd.api+json'],
  ])('accepts %j', (contentType) => {
    expect(statusOf(() => checkContentType(contentType))).toBeUndefined()
  })

  it.each([
    ['application/x-www-form-urlencoded'],
    ['text/plain'],
    ['application/json; charset=latin1'],
    ['application/jsonp'],
  ])('refuses %j with 415', (contentType) => {
    expect(statusOf(() => checkContentType(contentType))).toBe(415)
    expect(() => checkContentType(contentType)).toThrow(/-H 'Content-Type: application\/json'/)
  })
})

describe('readBodyText', () => {
  it('passes a body within the limit through', () => {
    expect(readBodyText(request('{"operation":"ping"}'), 1024)).toBe('{"operation":"ping"}')
  })

  it('decodes a base64 body', () => {
    const encoded = Buffer.from('{"a":"é"}').toString('base64')
    expect(readBodyText(request(encoded, true), 1024)).toBe('{"a":"é"}')
  })

  it.each([
    ['an empty body', request(''), 400],
    ['a missing body', request(null), 400],
    ['invalid UTF-8', request(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), true), 400],
    ['a body over the limit', request('x'.repeat(1025)), 413],
    ['a multi-byte body over the limit in bytes', request('é'.repeat(513)), 413],
  ])('refuses %s with %i', (_name, given, status) => {
    expect(statusOf(() => readBodyText(given, 1024))).toBe(status)
  })
})

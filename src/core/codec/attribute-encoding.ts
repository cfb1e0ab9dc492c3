import type { AttributeValue } from '@aws-sdk/client-dynamodb'

/**
 * The API's JSON encoding of DynamoDB values, both ways: to-attribute-value.ts writes it
 * into DynamoDB's AttributeValues, from-attribute-value.ts reads them back. Plain JSON maps
 * onto the obvious DynamoDB types (string S, number N, boolean BOOL, null NULL, array L,
 * object M). The types JSON has no literal for are written as an object with a single
 * reserved key:
 *
 * | JSON                               | DynamoDB                          |
 * |------------------------------------|-----------------------------------|
 * | `{"$B": "aGVsbG8="}`               | B (binary, base64)                |
 * | `{"$SS": ["a", "b"]}`              | SS (string set)                   |
 * | `{"$NS": [1, 2.5]}`                | NS (number set)                   |
 * | `{"$BS": ["aGk=", "eW8="]}`        | BS (binary set, base64)           |
 * | `{"$N": "12345678901234567890"}`   | N, for clients that cannot write a long number literal |
 * | `{"$M": {"$SS": "x"}}`             | M whose only key is a reserved one (the escape)        |
 *
 * Reads use the same encoding, so anything read can be written back unchanged. Numbers are
 * read as number literals with exactly the digits DynamoDB holds.
 */
export const TypedKey = {
  Binary: '$B',
  StringSet: '$SS',
  NumberSet: '$NS',
  BinarySet: '$BS',
  Number: '$N',
  Map: '$M',
} as const

export type TypedKey = (typeof TypedKey)[keyof typeof TypedKey]

/** The reserved keys, for telling a typed value from a map. */
export const typedKeys: ReadonlySet<string> = new Set(Object.values(TypedKey))

export type AttributeMap = Record<string, AttributeValue>

/** Bytes as base64, without copying them (a Buffer view on the same memory). */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

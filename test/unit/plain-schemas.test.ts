import { readFile } from 'node:fs/promises'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { plainSchemasModule } from '../../scripts/plain-schemas.js'
import type {
  CreateRequest,
  DeleteRequest,
  ListRequest,
  PageResult,
  QueryRequest,
  ReadRequest,
  ReadResult,
  RequestOf,
  TablesResult,
  UpdateRequest,
  WriteResult,
} from '../../src/client/api-types.js'
import { operationNames } from '../../src/core/schema/operation-names.js'
import type {
  CreatePayload,
  DeletePayload,
  ListPayload,
  QueryPayload,
  ReadPayload,
  UpdatePayload,
} from '../../src/core/schema/payloads.js'
import { payloadSchemas } from '../../src/core/schema/payloads.js'
import type * as Results from '../../src/core/schema/results.js'

// The published client and CLI read the contract from plain copies (no TypeBox): these tests
// hold the copies to the TypeBox schemas they come from.
describe('the plain contract the published package reads', () => {
  it('plain-schemas.generated.ts is what npm run validators writes now (not stale)', async () => {
    const committed = await readFile(
      new URL('../../src/core/schema/plain-schemas.generated.ts', import.meta.url),
      'utf8',
    )
    expect(committed).toBe(plainSchemasModule())
  })

  it('lists the operations in the order of the payload schemas', () => {
    expect([...operationNames]).toEqual(Object.keys(payloadSchemas))
  })

  it("types each request and answer as TypeBox's Static of its schema does", () => {
    expectTypeOf<CreateRequest>().toEqualTypeOf<RequestOf<CreatePayload>>()
    expectTypeOf<ReadRequest>().toEqualTypeOf<RequestOf<ReadPayload>>()
    expectTypeOf<UpdateRequest>().toEqualTypeOf<RequestOf<UpdatePayload>>()
    expectTypeOf<DeleteRequest>().toEqualTypeOf<RequestOf<DeletePayload>>()
    expectTypeOf<ListRequest>().toEqualTypeOf<RequestOf<ListPayload>>()
    expectTypeOf<QueryRequest>().toEqualTypeOf<RequestOf<QueryPayload>>()
    expectTypeOf<WriteResult>().toEqualTypeOf<Results.WriteResult>()
    expectTypeOf<ReadResult>().toEqualTypeOf<Results.ReadResult>()
    expectTypeOf<PageResult>().toEqualTypeOf<Results.PageResult>()
    expectTypeOf<TablesResult>().toEqualTypeOf<Results.TablesResult>()
  })
})

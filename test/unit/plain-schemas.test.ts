import { readFile } from 'node:fs/promises'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { plainSchemasModule } from '../../scripts/plain-schemas.js'
import type {
  BatchReadRequest,
  BatchReadResult,
  BatchWriteRequest,
  BatchWriteResult,
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
  BatchReadPayload,
  BatchWritePayload,
  CreatePayload,
  DeletePayload,
  ListPayload,
  QueryPayload,
  ReadPayload,
  UpdatePayload,
} from '../../src/core/schema/payloads.js'
import { payloadSchemas } from '../../src/core/schema/payloads.js'
import type { payloadSchemas as plainPayloads } from '../../src/core/schema/plain-schemas.generated.js'
import type * as Results from '../../src/core/schema/results.js'
import type { SchemaType } from '../../src/core/schema/schema-type.js'

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
    expectTypeOf<BatchReadResult>().toEqualTypeOf<Results.BatchReadResult>()
  })

  it('types the batches so that what was not done can be sent again as it is', () => {
    // The client's batch requests are written by hand (exactly one of PutRequest and
    // DeleteRequest; attribute maps widened at depth), over the plain schemas' types.
    expectTypeOf<SchemaType<typeof plainPayloads.batchRead>>().toEqualTypeOf<BatchReadPayload>()
    expectTypeOf<SchemaType<typeof plainPayloads.batchWrite>>().toEqualTypeOf<BatchWritePayload>()
    expectTypeOf<{
      RequestItems: BatchReadResult['UnprocessedKeys']
    }>().toExtend<BatchReadRequest>()
    expectTypeOf<{
      RequestItems: BatchWriteResult['UnprocessedItems']
    }>().toExtend<BatchWriteRequest>()
    expectTypeOf<BatchWriteResult>().toExtend<Results.BatchWriteResult>()
  })
})

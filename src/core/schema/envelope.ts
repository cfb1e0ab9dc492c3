import * as Type from 'typebox'
import type { JsonValue } from '../codec/json.js'
import {
  type OperationName,
  operationNames,
  operationsWithoutTableName,
  payloadSchemas,
} from './payloads.js'
import { TABLE_NAME_RULE } from './table-name.js'

/** A DynamoDB table name, as DynamoDB itself constrains it. */
export const TableName = Type.String({
  ...TABLE_NAME_RULE,
  description:
    'Optional: defaults to the configured table. Must be one the server allows (see tables).',
})

/**
 * The request body of POST /DynamoDBManager, first pass: the operation is checked here and
 * the payload by its operation's own schema (see payloads.ts), so that an error names the
 * payload key at fault rather than "must match one of eight schemas".
 */
export const Envelope = Type.Object(
  {
    operation: Type.Enum(operationNames, { description: 'What to do.' }),
    tableName: Type.Optional(TableName),
    payload: Type.Optional(
      Type.Unsafe<JsonValue>({ description: 'The DynamoDB request, without TableName.' }),
    ),
  },
  { additionalProperties: false, description: 'A DynamoDBManager request.' },
)

export interface ValidEnvelope<Name extends OperationName = OperationName> {
  readonly operation: Name
  readonly tableName: string | undefined
  readonly payload: JsonValue
}

/**
 * The full envelope of one operation, for documents that describe every request shape
 * operation by operation (the OpenAPI document; the API Gateway model uses `Envelope`).
 */
export function envelopeOf(operation: OperationName) {
  const takesTableName = !(operationsWithoutTableName as readonly string[]).includes(operation)
  return Type.Object(
    {
      // A string constant, not a one-value enum: documents show its type and value.
      operation: Type.Literal(operation),
      ...(takesTableName ? { tableName: Type.Optional(TableName) } : {}),
      payload:
        operation === 'echo' ||
        operation === 'ping' ||
        operation === 'list' ||
        operation === 'tables'
          ? Type.Optional(payloadSchemas[operation])
          : payloadSchemas[operation],
    },
    {
      additionalProperties: false,
      description: (payloadSchemas[operation] as { description?: string }).description,
    },
  )
}

// The types of validators.generated.js, which `npm run validators` writes.
import type { OperationName, operationsWithStrictPayload } from './payloads.js'

/** An issue one of the compiled validators found: Ajv's ErrorObject. */
export interface SchemaIssue {
  readonly keyword: string
  readonly instancePath: string
  readonly params: Readonly<Record<string, unknown>>
  readonly message?: string
}

/** A validator compiled by Ajv: true when the value is valid, else the issues in `errors`. */
export interface CompiledValidator {
  (value: unknown): boolean
  readonly errors?: readonly SchemaIssue[] | null
}

/** The outline of a request schema that the handler reads for its messages. */
export interface RequestSchema {
  readonly type?: string
  readonly properties?: Readonly<Record<string, RequestSchema>>
  /** An array's elements. */
  readonly items?: RequestSchema
  /** A map's values (a schema of patternProperties), whatever their keys. */
  readonly values?: RequestSchema
}

export declare const envelope: CompiledValidator
export declare const envelopeSchema: RequestSchema
export declare const payloads: Readonly<
  Record<
    (typeof operationsWithStrictPayload)[number],
    { readonly validate: CompiledValidator; readonly schema: RequestSchema }
  >
>
export declare const operationNames: readonly OperationName[]

import type { JsonObject, JsonValue } from '../codec/json.js'

/*
 * The TypeScript type of a plain JSON schema (plain-schemas.generated.ts), for the keywords
 * the contract uses: what TypeBox's `Static` gives for the schema it came from (a type test
 * checks each), without TypeBox, so that the published client's declarations need no schema
 * library. An object schema without properties is an attribute map (`AttributeMap`).
 */

type Writable<T> = { -readonly [Key in keyof T]: T[Key] }

type RequiredKeys<Schema> = Schema extends { readonly required: readonly (infer Key)[] }
  ? Key
  : never

type ObjectType<Properties, Required> = Writable<
  {
    [Key in keyof Properties as Key extends Required ? Key : never]: SchemaType<Properties[Key]>
  } & {
    [Key in keyof Properties as Key extends Required ? never : Key]?: SchemaType<Properties[Key]>
  }
>

export type SchemaType<Schema> = Schema extends { readonly anyOf: readonly (infer Member)[] }
  ? SchemaType<Member>
  : Schema extends { readonly enum: readonly (infer Value)[] }
    ? Value
    : Schema extends { readonly const: infer Value }
      ? Value
      : Schema extends { readonly type: 'string' }
        ? string
        : Schema extends { readonly type: 'integer' | 'number' }
          ? number
          : Schema extends { readonly type: 'boolean' }
            ? boolean
            : Schema extends { readonly type: 'array'; readonly items: infer Items }
              ? SchemaType<Items>[]
              : Schema extends { readonly type: 'object'; readonly properties: infer Properties }
                ? ObjectType<Properties, RequiredKeys<Schema>>
                : Schema extends {
                      readonly type: 'object'
                      readonly patternProperties: { readonly [pattern: string]: infer Value }
                    }
                  ? Record<string, SchemaType<Value>>
                  : Schema extends { readonly type: 'object' }
                    ? JsonObject
                    : JsonValue

/**
 * What DynamoDB accepts as a table name: 3 to 255 of a-z, A-Z, 0-9, _ . -. The request schema
 * (envelope.ts) and the TABLE_NAME and ALLOWED_TABLES settings (config/env.ts) both check it.
 */
export const TABLE_NAME_RULE = {
  minLength: 3,
  maxLength: 255,
  pattern: '^[a-zA-Z0-9_.-]+$',
} as const

const TABLE_NAME_PATTERN = new RegExp(TABLE_NAME_RULE.pattern)

/** Whether DynamoDB would accept `value` as a table name. */
export function isTableName(value: string): boolean {
  const { minLength, maxLength } = TABLE_NAME_RULE
  return value.length >= minLength && value.length <= maxLength && TABLE_NAME_PATTERN.test(value)
}

import { stringify } from 'lossless-json'
import { type JsonValue, parseLosslessly } from '../client/json-codec.js'

/**
 * JSON text ⇄ values in the console, as the API reads and writes them: a number keeps every
 * digit (a LosslessNumber when a JavaScript number would round it).
 */
export function parseJsonText(text: string): { value: JsonValue } | { error: string } {
  try {
    return { value: parseLosslessly(text) }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

export function formatJson(value: unknown, indent?: number): string {
  return stringify(value, null, indent) ?? ''
}

/** A value as a table cell shows it: strings as they are, anything else as compact JSON. */
export function cellText(value: JsonValue | undefined): string {
  if (value === undefined) return ''
  return typeof value === 'string' ? value : formatJson(value)
}

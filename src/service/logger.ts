import { Logger } from '@aws-lambda-powertools/logger'
import { SERVICE_NAME } from './metric-names.js'

/** Keys whose values never reach a log: credentials and anything shaped like them. */
const SENSITIVE_KEY = /authorization|cookie|api[-_]?key|secret|password|token|credential/i

export const REDACTED = '[REDACTED]'

/**
 * JSON replacer for log lines: a value under a sensitive key (an Authorization or
 * x-api-key header, a secret, a token) is written as [REDACTED], at any depth.
 */
export function redactSecrets(key: string, value: unknown): unknown {
  return key !== '' && SENSITIVE_KEY.test(key) && value !== undefined && value !== null
    ? REDACTED
    : value
}

/**
 * The service's logger: Powertools for AWS Lambda, structured JSON lines with the service
 * name (and, on Lambda, the trace id), level from POWERTOOLS_LOG_LEVEL (or LOG_LEVEL),
 * secrets redacted. Request and response bodies are never given to it.
 */
export function createLogger(): Logger {
  return new Logger({ serviceName: SERVICE_NAME, jsonReplacerFn: redactSecrets })
}

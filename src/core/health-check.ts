import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { ErrorCode } from './error-table.js'
import { ServiceUnavailableError } from './errors.js'
import type { ItemStore } from './item-store.js'

/** A DynamoDB key: each key attribute's name and its value. */
export type TableKey = Readonly<Record<string, AttributeValue>>

export interface HealthCheckOptions {
  readonly store: ItemStore
  readonly tableName: string
  /** A key of the table that no real item uses, so that the probe reads nothing. */
  readonly probeKey: TableKey
  /** How long a probe's result, healthy or not, answers later checks; 0: every check probes. */
  readonly cacheMs: number
  /** Milliseconds on a monotonic clock. @default performance.now */
  readonly now?: () => number
}

interface Probe {
  readonly outcome: Promise<void>
  settledAt: number | undefined
}

/**
 * Whether the table answers, at a cost an anonymous caller cannot turn against it. The probe
 * is an eventually consistent GetItem of a reserved key, projecting the key only: 0.5 read
 * units whatever the table holds, no item data, no permission beyond the API's own. Its
 * result is kept for `cacheMs` after it arrives, and checks while a probe is in flight wait
 * for that probe, so a flood of checks costs one probe per window per execution environment.
 * The check rejects with a ServiceUnavailableError, its cause the store's failure.
 */
export function createHealthCheck({
  store,
  tableName,
  probeKey,
  cacheMs,
  now = () => performance.now(),
}: HealthCheckOptions): () => Promise<void> {
  const keyNames = Object.keys(probeKey)
  const projection = {
    ProjectionExpression: keyNames.map((_, index) => `#k${index}`).join(', '),
    // Placeholders: a key attribute may be named with a DynamoDB reserved word (`name`, `data`).
    ExpressionAttributeNames: Object.fromEntries(
      keyNames.map((name, index) => [`#k${index}`, name]),
    ),
  }

  async function probe(): Promise<void> {
    try {
      await store.getItem({
        TableName: tableName,
        Key: { ...probeKey },
        ConsistentRead: false,
        ...projection,
      })
    } catch (error) {
      throw new ServiceUnavailableError(
        ErrorCode.ServiceUnavailable,
        `Table "${tableName}" is not reachable.`,
        { cause: error },
      )
    }
  }

  /** The latest probe; `settledAt` is unset while it is in flight. */
  let latest: Probe | undefined

  return function checkHealth(): Promise<void> {
    if (cacheMs === 0) return probe()
    if (
      latest !== undefined &&
      (latest.settledAt === undefined || now() - latest.settledAt < cacheMs)
    )
      return latest.outcome
    const entry: Probe = { outcome: probe(), settledAt: undefined }
    // Registered before any caller awaits the outcome, so the window is set when they resume.
    const settle = () => {
      entry.settledAt = now()
    }
    entry.outcome.then(settle, settle)
    latest = entry
    return entry.outcome
  }
}

/**
 * Route 53 failover routing has two roles per name, PRIMARY and SECONDARY. To fail over
 * across any number of regions in order of preference, the SECONDARY of each name is an
 * alias of the next name in a chain, the last SECONDARY being the last region:
 *
 *   api.example.com            PRIMARY → region 1    SECONDARY → failover-1.api.example.com
 *   failover-1.api.example.com PRIMARY → region 2    SECONDARY → region 3
 *
 * so DNS moves off every region whose health check fails, to the next healthy one. With two
 * regions it is the plain pair. Each record is created by the stack of the region it serves
 * (an alias record by the stack of the region whose chain link it points to), so no stack
 * refers to another stack's resources.
 */

export const FailoverRole = { Primary: 'PRIMARY', Secondary: 'SECONDARY' } as const
export type FailoverRole = (typeof FailoverRole)[keyof typeof FailoverRole]

export interface FailoverRecordPlan {
  /** The DNS name of the record. */
  readonly recordName: string
  readonly role: FailoverRole
  /** The region whose stack creates the record. */
  readonly region: string
  /**
   * Undefined: the record points at its region's custom domain, guarded by the region's
   * health check. Otherwise the name of the chain link it aliases (health: the link's).
   */
  readonly aliasOf: string | undefined
}

/**
 * The set identifier of a failover record: Route 53 tells apart the records of one name by
 * it. Preflight knows this app's records in a hosted zone by it.
 *
 * @example
 * failoverSetIdentifier({ role: 'PRIMARY', region: 'us-east-1' }) // → 'primary-us-east-1'
 */
export function failoverSetIdentifier(record: Pick<FailoverRecordPlan, 'role' | 'region'>): string {
  return `${record.role.toLowerCase()}-${record.region}`
}

function linkName(index: number, domainName: string): string {
  return index === 0 ? domainName : `failover-${index}.${domainName}`
}

/**
 * The failover records for regions in order of preference, the first being the primary.
 *
 * @example
 * failoverPlan(['us-east-1', 'us-west-2'], 'api.example.com')
 * // → [{ recordName: 'api.example.com', role: 'PRIMARY', region: 'us-east-1', aliasOf: undefined },
 * //    { recordName: 'api.example.com', role: 'SECONDARY', region: 'us-west-2', aliasOf: undefined }]
 */
export function failoverPlan(regions: readonly string[], domainName: string): FailoverRecordPlan[] {
  if (regions.length < 2) throw new Error('failover needs at least two regions')
  const records: FailoverRecordPlan[] = []
  const last = regions.length - 1
  regions.forEach((region, index) => {
    if (index < last) {
      records.push({
        recordName: linkName(index, domainName),
        role: FailoverRole.Primary,
        region,
        aliasOf: undefined,
      })
    }
    if (index === last) {
      records.push({
        recordName: linkName(index - 1, domainName),
        role: FailoverRole.Secondary,
        region,
        aliasOf: undefined,
      })
    } else if (index > 0) {
      // This region's stack owns the link its own PRIMARY record heads.
      records.push({
        recordName: linkName(index - 1, domainName),
        role: FailoverRole.Secondary,
        region,
        aliasOf: linkName(index, domainName),
      })
    }
  })
  return records
}

import { RemovalPolicy } from 'aws-cdk-lib'
import {
  AttributeType,
  Billing,
  Capacity,
  type GlobalSecondaryIndexPropsV2,
  type LocalSecondaryIndexProps,
  ProjectionType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb'
import { Construct } from 'constructs'
import {
  type GlobalIndexDefinition,
  type KeyAttribute,
  type LocalIndexDefinition,
  type Projection,
  TABLE,
  type TableDefinition,
} from '../../src/table/definition.js'
import { checkRegionNames, checkWholeNumber, InvalidPropError } from './prop-checks.js'

export const TableBilling = { OnDemand: 'onDemand', Provisioned: 'provisioned' } as const
export type TableBilling = (typeof TableBilling)[keyof typeof TableBilling]

/** Read or write capacity units auto scaling may keep or set: DynamoDB's per-table quota. */
export const CAPACITY_UNITS = { min: 1, max: 40_000 } as const
/** Provisioned billing: the capacity auto scaling keeps and sets when the props say nothing. */
export const DEFAULT_CAPACITY = { min: 1, max: 10 } as const
/**
 * The most read or write request units a second an on-demand table may take: DynamoDB's
 * default per-table quota for on-demand throughput.
 */
export const REQUEST_UNITS = { min: 1, max: 40_000 } as const
/** The consumed/provisioned ratio auto scaling may aim at, as Application Auto Scaling takes it. */
export const TARGET_UTILIZATION_PERCENT = { min: 20, max: 90 } as const

export interface LabTableProps {
  /**
   * Name, key schema, secondary indexes, time to live and billing. The local stack creates its
   * tables from the same definitions (a tables file's), so the two cannot drift apart.
   * @default TABLE (`lambda-apigateway`, partition key `id`, type S)
   */
  readonly definition?: TableDefinition
  /**
   * On-demand, or provisioned capacity with read and write auto scaling (of the table and its
   * global indexes). The definition's own `billing` wins; the props of the other mode are
   * then unused.
   * @default 'onDemand'
   */
  readonly billing?: TableBilling
  /**
   * On-demand billing only: the most read request units a second each replica serves
   * (DynamoDB's maximum on-demand throughput); reads above it are throttled.
   * @default - no maximum but DynamoDB's quota
   */
  readonly maxReadRequestUnits?: number
  /**
   * On-demand billing only: the most write request units a second the table (each replica)
   * takes, replicated writes included; writes above it are throttled.
   * @default - no maximum but DynamoDB's quota
   */
  readonly maxWriteRequestUnits?: number
  /** Provisioned billing only: the least read capacity units auto scaling keeps. @default 1 */
  readonly minReadCapacity?: number
  /** Provisioned billing only: the most read capacity units auto scaling sets. @default 10 */
  readonly maxReadCapacity?: number
  /** Provisioned billing only: the least write capacity units auto scaling keeps. @default 1 */
  readonly minWriteCapacity?: number
  /** Provisioned billing only: the most write capacity units auto scaling sets. @default 10 */
  readonly maxWriteCapacity?: number
  /** Provisioned billing only: the consumed/provisioned ratio auto scaling aims at. @default 70 */
  readonly targetUtilizationPercent?: number
  /**
   * Whether DynamoDB refuses to delete the table (by a stack update or by hand).
   * @default true
   */
  readonly deletionProtection?: boolean
  /**
   * What happens to the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN: the data outlives the stack
   */
  readonly removalPolicy?: RemovalPolicy
  /**
   * Regions other than the stack's own that hold a replica: the table becomes a global
   * table (DynamoDB global tables version 2019.11.21).
   * @default - no replicas
   */
  readonly replicaRegions?: readonly string[]
}

/**
 * Throws an InvalidPropError naming the first prop out of its range, or given with the other
 * billing mode: the capacities, the request units, the target utilization, the replicas'
 * region names.
 */
export function checkLabTableProps(props: LabTableProps): void {
  for (const prop of ['maxReadRequestUnits', 'maxWriteRequestUnits'] as const) {
    checkWholeNumber(prop, props[prop], REQUEST_UNITS)
    if (props[prop] !== undefined && props.billing === TableBilling.Provisioned) {
      throw new InvalidPropError(
        prop,
        'applies to on-demand billing only: remove it, or set billing to onDemand.',
      )
    }
  }
  checkWholeNumber('minReadCapacity', props.minReadCapacity, CAPACITY_UNITS)
  checkWholeNumber('maxReadCapacity', props.maxReadCapacity, CAPACITY_UNITS)
  checkWholeNumber('minWriteCapacity', props.minWriteCapacity, CAPACITY_UNITS)
  checkWholeNumber('maxWriteCapacity', props.maxWriteCapacity, CAPACITY_UNITS)
  checkWholeNumber(
    'targetUtilizationPercent',
    props.targetUtilizationPercent,
    TARGET_UTILIZATION_PERCENT,
  )
  checkRegionNames('replicaRegions', props.replicaRegions ?? [])
}

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
} as const

function attribute(key: KeyAttribute) {
  return { name: key.name, type: ATTRIBUTE_TYPES[key.type] }
}

function projection(
  copied: Projection,
): Pick<LocalSecondaryIndexProps, 'projectionType' | 'nonKeyAttributes'> {
  if (copied === 'ALL') return { projectionType: ProjectionType.ALL }
  if (copied === 'KEYS_ONLY') return { projectionType: ProjectionType.KEYS_ONLY }
  return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...copied.include] }
}

/**
 * A global index; on demand, with the table's caps: a query of the index reads from the
 * index, not the table, so the table's own cap does not bound it.
 */
function globalIndex(
  index: GlobalIndexDefinition,
  caps: Pick<GlobalSecondaryIndexPropsV2, 'maxReadRequestUnits' | 'maxWriteRequestUnits'>,
): GlobalSecondaryIndexPropsV2 {
  return {
    indexName: index.name,
    partitionKey: attribute(index.partitionKey),
    ...(index.sortKey === undefined ? {} : { sortKey: attribute(index.sortKey) }),
    ...projection(index.projection),
    ...caps,
  }
}

function localIndex(index: LocalIndexDefinition): LocalSecondaryIndexProps {
  return {
    indexName: index.name,
    sortKey: attribute(index.sortKey),
    ...projection(index.projection),
  }
}

/**
 * A table of its definition (by default the lab's `lambda-apigateway`), with its global and
 * local secondary indexes and time to live: point-in-time recovery always on, encrypted at
 * rest with an AWS-owned key (DynamoDB's default), billing and protection as props.
 *
 * @example
 * const { table } = new LabTable(stack, 'Table', { billing: 'provisioned', maxReadCapacity: 50 })
 */
export class LabTable extends Construct {
  public readonly table: TableV2

  constructor(scope: Construct, id: string, props: LabTableProps = {}) {
    super(scope, id)
    checkLabTableProps(props)
    const {
      definition = TABLE as TableDefinition,
      maxReadRequestUnits,
      maxWriteRequestUnits,
      minReadCapacity = DEFAULT_CAPACITY.min,
      maxReadCapacity = DEFAULT_CAPACITY.max,
      minWriteCapacity = DEFAULT_CAPACITY.min,
      maxWriteCapacity = DEFAULT_CAPACITY.max,
      targetUtilizationPercent = 70,
      deletionProtection = true,
      removalPolicy = RemovalPolicy.RETAIN,
      replicaRegions = [],
    } = props
    const billing = definition.billing ?? props.billing ?? TableBilling.OnDemand

    this.table = new TableV2(this, 'Table', {
      tableName: definition.tableName,
      partitionKey: attribute(definition.partitionKey),
      sortKey: definition.sortKey === undefined ? undefined : attribute(definition.sortKey),
      // Provisioned, a global index scales as the table does: it inherits the table's capacity.
      globalSecondaryIndexes: definition.globalIndexes?.map((index) =>
        globalIndex(
          index,
          billing === TableBilling.OnDemand ? { maxReadRequestUnits, maxWriteRequestUnits } : {},
        ),
      ),
      localSecondaryIndexes: definition.localIndexes?.map(localIndex),
      timeToLiveAttribute: definition.ttlAttribute,
      billing:
        billing === TableBilling.OnDemand
          ? Billing.onDemand({ maxReadRequestUnits, maxWriteRequestUnits })
          : Billing.provisioned({
              readCapacity: Capacity.autoscaled({
                minCapacity: minReadCapacity,
                maxCapacity: maxReadCapacity,
                targetUtilizationPercent,
              }),
              writeCapacity: Capacity.autoscaled({
                minCapacity: minWriteCapacity,
                maxCapacity: maxWriteCapacity,
                targetUtilizationPercent,
              }),
            }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection,
      removalPolicy,
      replicas: replicaRegions.map((region) => ({ region })),
    })
  }
}

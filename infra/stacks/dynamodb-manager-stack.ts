import { Stack, type StackProps } from 'aws-cdk-lib'
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { Construct, IConstruct } from 'constructs'
import { TABLE } from '../../src/table/definition.js'
import {
  ApiGatewayAccountRole,
  type CloudWatchRoleSetting,
} from '../constructs/api-gateway-account-role.js'
import { ApiInvokeAccess } from '../constructs/api-invoke-access.js'
import { LabApi, type LabApiProps, STAGE_NAME } from '../constructs/lab-api.js'
import { LabFunction, type LabFunctionProps } from '../constructs/lab-function.js'
import { LabMonitoring, type MonitoringSettings } from '../constructs/lab-monitoring.js'
import { LabTable, type LabTableProps } from '../constructs/lab-table.js'
import { type Deployment, LiveAlias } from '../constructs/live-alias.js'
import { RegionalFailover, type RegionalFailoverProps } from '../constructs/regional-failover.js'
import { type DeployedTable, type ResourceNames, resourceNames } from '../resource-names.js'
import { addStackOutputs } from './stack-outputs.js'

/** The names are the stack's (`names`): settings cannot give one to a single resource. */
export type TableSettings = Omit<LabTableProps, 'definition' | 'replicaRegions'>
export type FunctionSettings = Omit<
  LabFunctionProps,
  'table' | 'corsAllowOrigins' | 'functionName' | 'roleName'
>
export type ApiSettings = Omit<LabApiProps, 'handler' | 'restApiName' | 'webAclName'>

export interface DynamoDBManagerStackProps extends StackProps {
  /**
   * The names of the table, function, role, API and invoke policy and role.
   * @default - the lab's names, for a single-region stack in this stack's region
   */
  readonly names?: ResourceNames
  /**
   * The tables a tables file declares, under the names they deploy with (deployedTables),
   * the default first: the stack creates (or replicates) each, and the function serves them
   * (its TABLES).
   * @default - the lab's table, named `names.table`, and the function's `allowedTables`
   */
  readonly tables?: readonly DeployedTable[]
  /** Billing, protection and removal of the tables (when this stack creates them). */
  readonly table?: TableSettings
  /**
   * Where the table comes from: 'create' (this stack creates it, with replicas in
   * `replicaRegions` if any), or 'replica' (a replica that another region's stack created).
   * @default 'create'
   */
  readonly tableSource?: 'create' | 'replica'
  /** With tableSource 'create': the regions of the global table's other replicas. @default [] */
  readonly replicaRegions?: readonly string[]
  readonly function?: FunctionSettings
  /**
   * How CodeDeploy shifts the API's traffic to a new version of the function: 'canary'
   * (10% for five minutes) or 'allAtOnce'.
   * @default 'allAtOnce'
   */
  readonly deployment?: Deployment
  readonly api?: ApiSettings
  /**
   * Who may assume a role allowed to call the API: an account id or an IAM role's or user's
   * ARN.
   * @default - no role: attach the invoke policy to your own users or roles
   */
  readonly invokePrincipal?: string
  /**
   * Whether the stack sets API Gateway's account CloudWatch Logs role (ApiGatewayAccountRole).
   * @default 'auto': the deploy's parameter ApiGatewayAccountRole decides (preflight sets it)
   */
  readonly apiGatewayCloudWatchRole?: CloudWatchRoleSetting
  /** The custom domain, health check and failover records of this region, if any. */
  readonly failover?: Omit<RegionalFailoverProps, 'api'>
  /** Where the alarms notify and their thresholds. @default - a new topic, default thresholds */
  readonly monitoring?: MonitoringSettings
  /**
   * The regions this region's replica replicates to: the replication latency alarm watches
   * each of them.
   * @default replicaRegions
   */
  readonly replicatesTo?: readonly string[]
}

/**
 * The alarms that can only come from AWS's side, never from a release: DynamoDB's own
 * errors and replication lag. A deployment does not roll back on them (a good release would
 * be undone for nothing), which also keeps the group within CodeDeploy's ten alarms.
 */
const NOT_FROM_A_RELEASE = new Set(['DynamoDbSystemErrors', 'ReplicationLatency'])

/**
 * The table's construct id: `Table` for the lab's (so that the lab's deployed table keeps its
 * logical id), else after the declared name, whatever its order in the file.
 */
function tableId(declaredName: string): string {
  return declaredName === TABLE.tableName ? 'Table' : `Table-${declaredName}`
}

function rollsBackARelease(alarm: IConstruct): boolean {
  return !NOT_FROM_A_RELEASE.has(alarm.node.id)
}

/**
 * Every piece of the lab in one region: table (or its replica), role and policy, function,
 * its `live` alias and CodeDeploy deployment group, REST API (with a WAF web ACL when
 * asked for), the policy (and optional role) that may call it, API Gateway's account role where
 * asked for; and, in the multi-region variant, this region's custom domain, health check and
 * failover records.
 *
 * @example
 * new DynamoDBManagerStack(app, 'DynamoDBManager', { env: { region: 'eu-west-1' } })
 */
export class DynamoDBManagerStack extends Stack {
  public readonly names: ResourceNames
  /** The default table: a request without `tableName` uses it. */
  public readonly table: ITableV2
  /** Every table the function serves, the default first. */
  public readonly tables: readonly ITableV2[]
  /** Set when this stack creates the tables: the default table's. */
  public readonly labTable: LabTable | undefined
  public readonly service: LabFunction
  /** The `live` alias the API invokes, and the deployment group that moves it. */
  public readonly live: LiveAlias
  public readonly labApi: LabApi
  public readonly invokeAccess: ApiInvokeAccess
  /** Set unless apiGatewayCloudWatchRole is false. */
  public readonly accountRole: ApiGatewayAccountRole | undefined
  public readonly failover: RegionalFailover | undefined
  /** The region's alarms (`monitoring.alarms`), their topic and the dashboard. */
  public readonly monitoring: LabMonitoring

  constructor(scope: Construct, id: string, props: DynamoDBManagerStackProps = {}) {
    super(scope, id, props)
    const { tableSource = 'create', replicaRegions = [], apiGatewayCloudWatchRole = 'auto' } = props
    const names =
      props.names ?? resourceNames({ env: undefined, region: this.region, multiRegion: false })
    this.names = names

    const deployed = props.tables ?? [
      { declaredName: TABLE.tableName, definition: { ...TABLE, tableName: names.table } },
    ]
    const labTables =
      tableSource === 'create'
        ? deployed.map(
            ({ declaredName, definition }) =>
              new LabTable(this, tableId(declaredName), {
                ...props.table,
                definition,
                replicaRegions,
              }),
          )
        : []
    this.labTable = labTables[0]
    this.tables =
      tableSource === 'create'
        ? labTables.map((each) => each.table)
        : // A global table replica has the table's name in every region.
          deployed.map(({ declaredName, definition }) =>
            TableV2.fromTableName(this, tableId(declaredName), definition.tableName),
          )
    const [defaultTable] = this.tables
    if (defaultTable === undefined) throw new Error('a stack serves at least one table')
    this.table = defaultTable
    this.service = new LabFunction(this, 'Service', {
      ...props.function,
      functionName: names.function,
      roleName: names.role,
      table: this.table,
      ...(props.tables !== undefined && {
        declaredTables: deployed.map(({ definition }, index) => ({
          definition,
          table: this.tables[index] as ITableV2,
        })),
      }),
      // The API answers preflight; the handler's own answers must carry the same origins.
      corsAllowOrigins: props.api?.corsAllowOrigins,
    })
    this.live = new LiveAlias(this, 'Live', {
      fn: this.service.fn,
      deployment: props.deployment,
      // The stack's alarms watch the alias and the API, made after it: `rollBackOn` below.
      applicationName: names.deployApplication,
      deploymentGroupName: names.deploymentGroup,
    })
    this.labApi = new LabApi(this, 'Api', {
      ...props.api,
      restApiName: names.restApi,
      webAclName: names.webAcl,
      // Every request (smoke test and health check too) reaches the version CodeDeploy
      // has shifted to, never $LATEST.
      handler: this.live.alias,
    })
    if (apiGatewayCloudWatchRole !== false) {
      this.accountRole = new ApiGatewayAccountRole(this, 'ApiGatewayCloudWatch', {
        api: this.labApi.api,
        mode: apiGatewayCloudWatchRole,
      })
    }
    this.invokeAccess = new ApiInvokeAccess(this, 'Invoke', {
      api: this.labApi.api,
      methods: [this.labApi.managerMethod, this.labApi.healthMethod],
      stageName: STAGE_NAME,
      policyName: names.invokePolicy,
      roleName: names.invokeRole,
      principal: props.invokePrincipal,
    })
    if (props.failover !== undefined) {
      this.failover = new RegionalFailover(this, 'Failover', {
        ...props.failover,
        api: this.labApi.api,
      })
    }

    this.monitoring = new LabMonitoring(this, 'Monitoring', {
      ...props.monitoring,
      alarmPrefix: names.alarmPrefix,
      topicName: names.alarmTopic,
      dashboardName: names.dashboard,
      stage: this.labApi.api.deploymentStage,
      fn: this.service.fn,
      reservedConcurrency: props.function?.reservedConcurrentExecutions,
      table: this.table,
      moreTables: deployed.slice(1).map(({ definition }, index) => ({
        name: definition.tableName,
        table: this.tables[index + 1] as ITableV2,
      })),
      replicaRegions: props.replicatesTo ?? replicaRegions,
      healthCheckId: this.failover?.healthCheck.healthCheckId,
    })
    const { alarms, moreTablesAlarms } = this.monitoring
    for (const alarm of alarms.filter(rollsBackARelease)) {
      if (!moreTablesAlarms.includes(alarm)) this.live.addAlarm(alarm)
    }

    addStackOutputs(this, {
      table: this.table,
      fn: this.service.fn,
      labApi: this.labApi,
      invokeAccess: this.invokeAccess,
      accountRole: this.accountRole,
      alarmTopic: this.monitoring.topic,
      healthCheck: this.failover?.healthCheck,
    })
  }
}

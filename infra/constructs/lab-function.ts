import { Duration, Stack, Token } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { Policy, Role } from 'aws-cdk-lib/aws-iam'
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { readOriginList, readTableList } from '../../src/config/env.js'
import {
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_TIMEOUT_MS,
  MAX_BODY_BYTES,
} from '../../src/config/service-config.js'
import {
  DEFAULT_METRICS_NAMESPACE,
  METRICS_NAMESPACE_VARIABLE,
  SERVICE_NAME,
} from '../../src/service/metric-names.js'
import { tableDeclarationsJson } from '../../src/table/declarations.js'
import { indexNamesOf, type TableDefinition } from '../../src/table/definition.js'
import { acknowledge } from '../nag.js'
import { LAB_NAMES } from '../resource-names.js'
import { FUNCTION_BUNDLING, HANDLER_ENTRY, PROJECT_ROOT } from './function-bundling.js'
import { addLabFunctionRole, type TableAccess } from './lab-function-role.js'
import { checkMetricsNamespace } from './metrics-namespace.js'
import {
  checkWholeNumber,
  InvalidPropError,
  isWholeNumberIn,
  outOfRange,
  readAsTheHandlerDoes,
} from './prop-checks.js'

export const LogLevel = {
  Debug: 'DEBUG',
  Info: 'INFO',
  Warn: 'WARN',
  Error: 'ERROR',
  Silent: 'SILENT',
} as const
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel]

/** Lambda's memory sizes, in MB. */
export const MEMORY_SIZE_MB = { min: 128, max: 10_240 } as const
/** Lambda's timeouts, in seconds; API Gateway's integration timeout narrows them further. */
export const TIMEOUT_SECONDS = { min: 1, max: 900 } as const
/** Concurrent executions a function may reserve; 0 stops it from running at all. */
export const RESERVED_CONCURRENCY = { min: 0, max: 100_000 } as const

const DEFAULT_TIMEOUT = Duration.seconds(15)

/**
 * API Gateway gives up on an integration after 29 s. The handler waits for DynamoDB at most
 * `dynamoDbTimeoutMs`, retries included, and needs a little more for its own work.
 */
const INTEGRATION_TIMEOUT_SECONDS = 29
const HANDLER_ALLOWANCE_MS = 1000

/** A table of a tables file, as the stack made (or replicated) it. */
export interface DeclaredTable {
  /** The declaration, under the name the table deploys with. */
  readonly definition: TableDefinition
  readonly table: ITableV2
}

/** Lambda's limit on a function's environment: every variable's name and value, together. */
export const ENVIRONMENT_BYTES = 4096

export interface LabFunctionProps {
  /** The table a request without `tableName` uses. */
  readonly table: ITableV2
  /**
   * Every table a tables file declares, `table` among them: the handler gets their
   * declarations (TABLES) and the role may use each table and each index it declares.
   * Not with `allowedTables`.
   * @default - the lab's table alone, and `allowedTables`
   */
  readonly declaredTables?: readonly DeclaredTable[]
  /**
   * More tables of the lab's shape a request may name (the handler's ALLOWED_TABLES); the
   * role may use these too, in the stack's region and account.
   * @default - none: only the lab's table
   */
  readonly allowedTables?: readonly string[]
  /** @default 'LambdaFunctionOverHttps', as in the original lab */
  readonly functionName?: string
  /**
   * IAM role names are global to the account: a stack per region needs a name per region.
   * @default 'lambda-apigateway-role', as in the original lab
   */
  readonly roleName?: string
  /** 128 to 10240 MB. @default 256 */
  readonly memorySize?: number
  /**
   * Must leave room for the handler's wait for DynamoDB (`dynamoDbTimeoutMs`, retries
   * included) and stay under API Gateway's 29 s integration timeout.
   * @default Duration.seconds(15)
   */
  readonly timeout?: Duration
  /**
   * Concurrent executions set aside for (and the most allowed to) this function.
   * @default - none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays
  /** POWERTOOLS_LOG_LEVEL of the handler. @default 'INFO' */
  readonly logLevel?: LogLevel
  /**
   * The CloudWatch namespace of the handler's metrics (POWERTOOLS_METRICS_NAMESPACE).
   * @default 'ServerlessLab'
   */
  readonly metricsNamespace?: string
  /** X-Ray active tracing. @default true */
  readonly tracing?: boolean
  /** MAX_BODY_BYTES of the handler, within the handler's bounds. @default 1048576 */
  readonly maxBodyBytes?: number
  /** DYNAMODB_TIMEOUT_MS of the handler: its whole wait for DynamoDB, retries included. @default 3000 */
  readonly dynamoDbTimeoutMs?: number
  /** DYNAMODB_MAX_ATTEMPTS of the handler. @default 3 */
  readonly dynamoDbMaxAttempts?: number
  /**
   * CORS_ALLOW_ORIGINS of the handler: with a proxy integration the handler's answer must
   * name the origin that may read it. Set to the API's CORS origins.
   * @default - none: CORS off
   */
  readonly corsAllowOrigins?: readonly string[]
}

/**
 * Throws an InvalidPropError naming the first prop the function cannot run with: a number
 * out of Lambda's or the handler's bounds, a list the handler would refuse at start, or a
 * timeout that cannot serve a request.
 */
export function checkLabFunctionProps(props: Omit<LabFunctionProps, 'table'>): void {
  const { timeout = DEFAULT_TIMEOUT, dynamoDbTimeoutMs = DYNAMODB_TIMEOUT_MS.fallback } = props
  readAsTheHandlerDoes('allowedTables', props.allowedTables ?? [], readTableList)
  if (props.declaredTables !== undefined && (props.allowedTables ?? []).length > 0) {
    throw new InvalidPropError(
      'allowedTables',
      'set together with declaredTables: declare every table instead (the handler refuses ALLOWED_TABLES with TABLES).',
    )
  }
  checkWholeNumber('memorySize', props.memorySize, MEMORY_SIZE_MB)
  checkWholeNumber(
    'reservedConcurrentExecutions',
    props.reservedConcurrentExecutions,
    RESERVED_CONCURRENCY,
  )
  checkWholeNumber('maxBodyBytes', props.maxBodyBytes, MAX_BODY_BYTES)
  checkWholeNumber('dynamoDbTimeoutMs', props.dynamoDbTimeoutMs, DYNAMODB_TIMEOUT_MS)
  checkWholeNumber('dynamoDbMaxAttempts', props.dynamoDbMaxAttempts, DYNAMODB_MAX_ATTEMPTS)
  readAsTheHandlerDoes('corsAllowOrigins', props.corsAllowOrigins ?? [], readOriginList)
  checkMetricsNamespace('metricsNamespace', props.metricsNamespace)
  if (!timeout.isUnresolved()) checkTimeout(timeout, dynamoDbTimeoutMs)
}

function checkTimeout(timeout: Duration, dynamoDbTimeoutMs: number): void {
  const seconds = timeout.toSeconds({ integral: false })
  const needed = Math.ceil((dynamoDbTimeoutMs + HANDLER_ALLOWANCE_MS) / 1000)
  if (seconds > INTEGRATION_TIMEOUT_SECONDS) {
    throw new InvalidPropError(
      'timeout',
      `${seconds} s is over API Gateway's ${INTEGRATION_TIMEOUT_SECONDS} s integration timeout; the client would get a 504 while the function still runs.`,
    )
  }
  if (seconds < needed) {
    throw new InvalidPropError(
      'timeout',
      `${seconds} s leaves no room for the handler's ${dynamoDbTimeoutMs} ms wait for DynamoDB (dynamoDbTimeoutMs); use at least ${needed} s, or lower dynamoDbTimeoutMs.`,
    )
  }
  // Within those, what Lambda takes: whole seconds.
  if (!isWholeNumberIn(seconds, TIMEOUT_SECONDS)) {
    throw new InvalidPropError('timeout', outOfRange(TIMEOUT_SECONDS, `${seconds} s`))
  }
}

/** What the role may use: the declared tables and their indexes, or the lab's and the allowed ones. */
function tableAccess(
  table: ITableV2,
  declaredTables: readonly DeclaredTable[] | undefined,
  allowedTables: readonly string[],
): TableAccess[] {
  if (declaredTables !== undefined) {
    return declaredTables.map((each) => ({
      tableArn: each.table.tableArn,
      indexNames: indexNamesOf(each.definition),
    }))
  }
  const stack = Stack.of(table)
  const others = allowedTables
    .filter((name) => name !== table.tableName)
    .map((name) => stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: name }))
  return [table.tableArn, ...others].map((tableArn) => ({ tableArn, indexNames: [] }))
}

/**
 * Lambda refuses a function whose environment is over 4 KB, at deploy time: a tables file of
 * many tables and indexes can reach it. A value known only at deploy (a table's name, the
 * endpoint) is counted at its longest, 255 bytes.
 */
function checkEnvironmentSize(fn: CfnFunction): void {
  const variables = Stack.of(fn).resolve(fn.environment) as
    | { variables?: Record<string, unknown> }
    | undefined
  let bytes = 0
  for (const [name, value] of Object.entries(variables?.variables ?? {})) {
    bytes +=
      name.length +
      (typeof value === 'string' && !Token.isUnresolved(value) ? Buffer.byteLength(value) : 255)
  }
  if (bytes > ENVIRONMENT_BYTES) {
    throw new InvalidPropError(
      'declaredTables',
      `the function's environment would take about ${bytes} bytes, over Lambda's ${ENVIRONMENT_BYTES}: the tables file's declarations (TABLES) are too long: declare fewer tables or indexes, or shorter names.`,
    )
  }
}

/**
 * `LambdaFunctionOverHttps`: the handler of src/lambda/lambda-entry.ts, bundled by esbuild
 * on this machine (function-bundling.ts) with the pinned AWS SDK inside, so that Lambda runs
 * the same SDK as the local stack. Its role `lambda-apigateway-role` carries the lab's
 * actions (lab-function-role.ts).
 *
 * @example
 * const { fn } = new LabFunction(stack, 'Function', { table, memorySize: 512 })
 */
export class LabFunction extends Construct {
  public readonly fn: NodejsFunction
  public readonly role: Role
  /** The lab's "custom policy", attached to the role. */
  public readonly policy: Policy
  public readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: LabFunctionProps) {
    super(scope, id)
    checkLabFunctionProps(props)
    const {
      table,
      allowedTables = [],
      functionName = LAB_NAMES.function,
      roleName = LAB_NAMES.role,
      memorySize = 256,
      timeout = DEFAULT_TIMEOUT,
      reservedConcurrentExecutions,
      logRetention = RetentionDays.ONE_MONTH,
      logLevel = LogLevel.Info,
      metricsNamespace = DEFAULT_METRICS_NAMESPACE,
      tracing = true,
      maxBodyBytes = MAX_BODY_BYTES.fallback,
      dynamoDbTimeoutMs = DYNAMODB_TIMEOUT_MS.fallback,
      dynamoDbMaxAttempts = DYNAMODB_MAX_ATTEMPTS.fallback,
      corsAllowOrigins = [],
    } = props
    const stack = Stack.of(this)

    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logRetention,
    })
    const { declaredTables } = props
    const { role, policy } = addLabFunctionRole(this, {
      roleName,
      tables: tableAccess(table, declaredTables, allowedTables),
      logGroup: this.logGroup,
    })
    this.role = role
    this.policy = policy

    this.fn = new NodejsFunction(this, 'Function', {
      functionName,
      description: 'DynamoDBManager: POST /DynamoDBManager and GET /health',
      entry: HANDLER_ENTRY,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize,
      timeout,
      reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      tracing: tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      environment: {
        TABLE_NAME: table.tableName,
        // A tables file's declarations, or the lab's shape for the allowed tables: the handler
        // refuses the two together (src/config/table-declarations.ts).
        ...(declaredTables === undefined
          ? { ALLOWED_TABLES: allowedTables.join(',') }
          : { TABLES: tableDeclarationsJson(declaredTables.map((each) => each.definition)) }),
        MAX_BODY_BYTES: String(maxBodyBytes),
        DYNAMODB_TIMEOUT_MS: String(dynamoDbTimeoutMs),
        DYNAMODB_MAX_ATTEMPTS: String(dynamoDbMaxAttempts),
        POWERTOOLS_LOG_LEVEL: logLevel,
        // The `service` dimension of the handler's metrics: the alarms watch that one.
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        [METRICS_NAMESPACE_VARIABLE]: metricsNamespace,
        // The region's endpoint, in its partition's domain (AWS::URLSuffix): named here, the
        // function need not load the SDK's partition tables on a cold start to find it.
        DYNAMODB_ENDPOINT: `https://dynamodb.${stack.region}.${stack.urlSuffix}`,
        ...(corsAllowOrigins.length > 0 && { CORS_ALLOW_ORIGINS: corsAllowOrigins.join(',') }),
        // Tracing off whatever Lambda sets: the function then builds no tracing at all
        // (src/lambda/tracing-switch.ts).
        ...(!tracing && { POWERTOOLS_TRACE_ENABLED: 'false' }),
        // No NODE_OPTIONS=--enable-source-maps: it reads the source map on every cold start,
        // about 16 ms (docs/benchmarks.md). The map ships beside the bundle, to resolve a
        // stack trace from the log offline, or to set the option while debugging.
      },
      bundling: FUNCTION_BUNDLING,
    })
    checkEnvironmentSize(this.fn.node.defaultChild as CfnFunction)
    // The role's policy must exist before the function is invoked by the first request.
    this.fn.node.addDependency(this.policy)

    if (tracing) {
      // On the policy the CDK puts the X-Ray grant in, not the whole role; the assertion
      // tests check that X-Ray's are the only actions on `*` in the stack.
      acknowledge(
        this.role.node.tryFindChild('DefaultPolicy') ?? this.role,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, so their resource is * (added by the CDK for Tracing.ACTIVE).',
      )
    }
  }
}

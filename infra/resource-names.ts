import { TABLE, type TableDefinition } from '../src/table/definition.js'

/**
 * The names of everything the CDK app names, in one place: the stacks build with them and
 * preflight looks them up in the account before a deploy, so the two cannot disagree.
 *
 * Without an environment (`-c env=…`) the names are the original lab's, so that a reader of
 * the lab finds `lambda-apigateway` and `LambdaFunctionOverHttps` where the lab put them.
 * With one, every name carries it, so that dev and prod live side by side in one account and
 * region. IAM names (roles, managed policies) are global to the account, so each carries the
 * region wherever the same stack can be deployed to more than one region: always with an
 * environment, and in the multi-region variant. The lab's own role name is kept only for
 * the single-region stack without an environment; preflight refuses a second region's
 * deploy of that stack, which would collide on it.
 */

/** The original lab's names: what a deploy without `env` creates. */
export const LAB_NAMES = {
  stack: 'DynamoDBManager',
  multiRegionStack: 'DynamoDBManagerGlobal',
  table: TABLE.tableName,
  function: 'LambdaFunctionOverHttps',
  role: 'lambda-apigateway-role',
  restApi: 'DynamoDBOperations',
  invokePolicy: 'DynamoDBManagerInvoke',
  invokeRole: 'DynamoDBManagerInvoker',
  deployApplication: 'DynamoDBManager',
  deploymentGroup: 'DynamoDBManagerLive',
  webAcl: 'DynamoDBManagerWaf',
} as const

/**
 * The optional stack of the role GitHub Actions assumes to deploy (`-c githubRepository=…`):
 * one per account, since its role's name is global and the OIDC provider is one per account.
 */
export const GITHUB_DEPLOY_NAMES = {
  stack: 'DynamoDBManagerGitHubDeploy',
  role: 'DynamoDBManagerGitHubDeploy',
} as const

/** An environment's name: a letter, then letters, digits or single hyphens. */
export const ENV_NAME = /^[a-z](?:-?[a-z0-9])*$/
/**
 * At most this long, so that the longest name that carries it and a region stays within
 * IAM's 64 characters (`lambda-apigateway-role-<env>-ap-southeast-5`).
 */
export const ENV_NAME_MAX_LENGTH = 16

/** What is wrong with an environment's name, if anything. */
export function envNameProblem(env: string): string | undefined {
  if (ENV_NAME.test(env) && env.length <= ENV_NAME_MAX_LENGTH) return undefined
  return `expected a short lowercase name such as dev or prod (a letter, then letters, digits or single hyphens, at most ${ENV_NAME_MAX_LENGTH} characters), got ${JSON.stringify(env)}.`
}

/** A name that carries the environment, when there is one: `orders` → `orders-dev`. */
function withEnvironment(name: string, env: string | undefined): string {
  return env === undefined ? name : `${name}-${env}`
}

/** A table as a stack deploys it. */
export interface DeployedTable {
  /** The name in the tables file (or the lab's): what the table's construct id follows. */
  readonly declaredName: string
  /** The declaration, under the name it deploys with. */
  readonly definition: TableDefinition
}

/**
 * The tables a stack creates (or replicates), each under the name it deploys with: the
 * declared name, carrying the environment as the lab's table does. Without declarations (no
 * `tablesFile`), the lab's table alone, named `table` below.
 *
 * @example
 * deployedTables(parseTableDeclarations(file, 'tables.json'), 'dev') // orders → orders-dev
 */
export function deployedTables(
  declared: readonly TableDefinition[] | undefined,
  env: string | undefined,
): DeployedTable[] {
  return (declared ?? [TABLE]).map((table) => ({
    declaredName: table.tableName,
    definition: { ...table, tableName: withEnvironment(table.tableName, env) },
  }))
}

export interface NamingOptions {
  /** The environment, e.g. `dev`; undefined for the lab's names. */
  readonly env: string | undefined
  /** The region the stack is deployed to. */
  readonly region: string
  /** Whether the stack is one region's of the multi-region variant. */
  readonly multiRegion: boolean
  /** The single-region stack's name without the environment. @default 'DynamoDBManager' */
  readonly stackName?: string
  /** The multi-region stacks' prefix. @default 'DynamoDBManagerGlobal' */
  readonly multiRegionStackName?: string
}

/** What one stack, in one region, names. */
export interface ResourceNames {
  readonly stack: string
  /** The lab's table; declared tables are named by deployedTables, with the same suffix. */
  readonly table: string
  readonly function: string
  /** `/aws/lambda/<function>`: the log group Lambda writes the function's log to. */
  readonly functionLogGroup: string
  readonly role: string
  readonly restApi: string
  /** The managed policy that grants execute-api:Invoke on the API (IAM: global). */
  readonly invokePolicy: string
  /** The optional role a named principal assumes to call the API (IAM: global). */
  readonly invokeRole: string
  /** Every alarm's name starts with it and a hyphen (alarm names are regional). */
  readonly alarmPrefix: string
  /** The SNS topic the alarms notify, when the stack creates it (regional). */
  readonly alarmTopic: string
  /** The CloudWatch dashboard (dashboard names are global to the account). */
  readonly dashboard: string
  /**
   * The stack in us-east-1 that holds the alarm on this region's Route 53 health check
   * (multi-region, for a region other than us-east-1): Route 53's metrics are there only.
   */
  readonly healthCheckAlarmStack: string
  /** CodeDeploy's application for the function (regional). */
  readonly deployApplication: string
  /** The deployment group that moves the function's `live` alias. */
  readonly deploymentGroup: string
  /** The WAF web ACL of the API's stage (`waf=true`; regional). */
  readonly webAcl: string
}

/**
 * The names of one stack's resources.
 *
 * @example
 * resourceNames({ env: 'dev', region: 'eu-west-1', multiRegion: false })
 * // → { stack: 'DynamoDBManager-dev', table: 'lambda-apigateway-dev',
 * //     function: 'LambdaFunctionOverHttps-dev', role: 'lambda-apigateway-role-dev-eu-west-1', … }
 */
export function resourceNames({
  env,
  region,
  multiRegion,
  stackName = LAB_NAMES.stack,
  multiRegionStackName = LAB_NAMES.multiRegionStack,
}: NamingOptions): ResourceNames {
  const withEnv = (name: string) => withEnvironment(name, env)
  const global = (name: string) => `${withEnv(name)}-${region}`
  const functionName = withEnv(LAB_NAMES.function)
  const stack = multiRegion ? global(multiRegionStackName) : withEnv(stackName)
  return {
    stack,
    table: withEnv(LAB_NAMES.table),
    function: functionName,
    functionLogGroup: `/aws/lambda/${functionName}`,
    role: multiRegion || env !== undefined ? global(LAB_NAMES.role) : LAB_NAMES.role,
    restApi: withEnv(LAB_NAMES.restApi),
    invokePolicy: global(LAB_NAMES.invokePolicy),
    invokeRole: global(LAB_NAMES.invokeRole),
    alarmPrefix: stack,
    alarmTopic: `${stack}-alarms`,
    dashboard: multiRegion || env === undefined ? stack : `${stack}-${region}`,
    healthCheckAlarmStack: `${stack}-health-alarm`,
    deployApplication: withEnv(LAB_NAMES.deployApplication),
    deploymentGroup: withEnv(LAB_NAMES.deploymentGroup),
    webAcl: withEnv(LAB_NAMES.webAcl),
  }
}

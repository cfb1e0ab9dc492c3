import { CfnOutput, Duration } from 'aws-cdk-lib'
import {
  AccessLogField,
  AccessLogFormat,
  ApiKey,
  AuthorizationType,
  Cors,
  EndpointType,
  type JsonSchema,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  type Model,
  Period,
  RestApi,
  UsagePlan,
} from 'aws-cdk-lib/aws-apigateway'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { acknowledge } from '../nag.js'
import { apiGatewayRequestModel } from './api-gateway-model.js'
import { addGatewayErrors } from './gateway-responses.js'

export const ApiAuth = { Iam: 'iam', ApiKey: 'apiKey', None: 'none' } as const
export type ApiAuth = (typeof ApiAuth)[keyof typeof ApiAuth]

/** The stage of the original lab: the API answers under /Prod. */
export const STAGE_NAME = 'Prod'

const PERIOD_SECONDS: Readonly<Record<Period, number>> = {
  [Period.DAY]: 86_400,
  [Period.WEEK]: 604_800,
  [Period.MONTH]: 2_678_400,
}

export interface LabApiProps {
  /** The function behind both routes (Lambda proxy integration). */
  readonly handler: IFunction
  /** @default 'DynamoDBOperations', the API name of the original lab */
  readonly restApiName?: string
  /**
   * Who may call POST /DynamoDBManager: 'iam' (SigV4-signed requests of principals allowed
   * execute-api:Invoke), 'apiKey' (an API key of the usage plan, in `x-api-key`), or 'none'
   * (anyone: only when asked for by that name). GET /health is always open, since Route 53
   * health checkers cannot sign requests; it reveals only whether the table answers.
   * @default 'iam'
   */
  readonly auth?: ApiAuth
  /** Steady-state requests per second of the stage, all clients together. @default 100 */
  readonly throttlingRateLimit?: number
  /** Requests the stage accepts in a burst above the rate. @default 200 */
  readonly throttlingBurstLimit?: number
  /** 'apiKey' auth only: requests per key per period. @default 10000 */
  readonly apiKeyQuotaLimit?: number
  /** 'apiKey' auth only: the quota's period. @default Period.DAY */
  readonly apiKeyQuotaPeriod?: Period
  /**
   * Origins that browsers may call the API from ('*' for any). Empty: no CORS, for callers
   * that are not browsers (curl, SDKs, the AWS CLI).
   * @default - none
   */
  readonly corsAllowOrigins?: readonly string[]
  /** X-Ray tracing of the stage. @default true */
  readonly tracing?: boolean
  /** Retention of the stage's access log. @default RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: RetentionDays
  /**
   * Execution logging needs a CloudWatch Logs role in API Gateway's account settings (one
   * per account and region). true creates one and sets it; false leaves the setting as it
   * is (set it before deploying).
   * @default true
   */
  readonly cloudWatchRole?: boolean
}

/**
 * The REST API of the lab: resource `DynamoDBManager` with POST, GET /health, stage `Prod`,
 * both routes by Lambda proxy integration to the one handler. A request validator checks
 * the body of POST against a model generated from the envelope schema the handler validates
 * with; every answer the gateway gives itself is in the API's error shape.
 *
 * @example
 * const { api } = new LabApi(stack, 'Api', { handler: fn, auth: 'apiKey' })
 */
export class LabApi extends Construct {
  public readonly api: RestApi
  public readonly managerMethod: Method
  public readonly healthMethod: Method
  public readonly requestModel: Model
  public readonly accessLogGroup: LogGroup
  /** Set when auth is 'apiKey'. */
  public readonly usagePlan: UsagePlan | undefined
  /** Set when auth is 'apiKey'. */
  public readonly apiKey: ApiKey | undefined

  constructor(scope: Construct, id: string, props: LabApiProps) {
    super(scope, id)
    const {
      handler,
      restApiName = 'DynamoDBOperations',
      auth = ApiAuth.Iam,
      throttlingRateLimit = 100,
      throttlingBurstLimit = 200,
      apiKeyQuotaLimit = 10_000,
      apiKeyQuotaPeriod = Period.DAY,
      corsAllowOrigins = [],
      tracing = true,
      accessLogRetention = RetentionDays.ONE_MONTH,
      cloudWatchRole = true,
    } = props

    this.accessLogGroup = new LogGroup(this, 'AccessLog', { retention: accessLogRetention })
    this.api = new RestApi(this, 'Api', {
      restApiName,
      description: 'The DynamoDB Manager of the AWS serverless lab',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole,
      defaultCorsPreflightOptions:
        corsAllowOrigins.length === 0
          ? undefined
          : {
              allowOrigins: [...corsAllowOrigins],
              allowMethods: ['GET', 'POST', 'OPTIONS'],
              allowHeaders: Cors.DEFAULT_HEADERS,
              maxAge: Duration.hours(1),
            },
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit,
        throttlingBurstLimit,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Request and response bodies hold table data: never write them to the log.
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: tracing,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            time: AccessLogField.contextRequestTime(),
            ip: AccessLogField.contextIdentitySourceIp(),
            caller: AccessLogField.contextIdentityCaller(),
            user: AccessLogField.contextIdentityUser(),
            apiKeyId: AccessLogField.contextIdentityApiKeyId(),
            method: AccessLogField.contextHttpMethod(),
            resourcePath: AccessLogField.contextResourcePath(),
            protocol: AccessLogField.contextProtocol(),
            status: AccessLogField.contextStatus(),
            responseLength: AccessLogField.contextResponseLength(),
            responseLatency: AccessLogField.contextResponseLatency(),
            integrationLatency: AccessLogField.contextIntegrationLatency(),
            errorType: AccessLogField.contextErrorResponseType(),
            error: AccessLogField.contextErrorMessage(),
          }),
        ),
      },
    })

    this.requestModel = this.api.addModel('RequestModel', {
      modelName: 'DynamoDBManagerRequest',
      contentType: 'application/json',
      description: 'The request envelope {operation, tableName, payload}, from the handler schema',
      // The generated draft 4 document is plain JSON; the CDK passes it through as is.
      schema: apiGatewayRequestModel() as JsonSchema,
    })
    // No method declares required parameters, so checking them costs nothing.
    const validator = this.api.addRequestValidator('Validator', {
      requestValidatorName: 'body-and-parameters',
      validateRequestBody: true,
      validateRequestParameters: true,
    })

    const integration = new LambdaIntegration(handler, { proxy: true, allowTestInvoke: false })
    this.managerMethod = this.api.root
      .addResource('DynamoDBManager')
      .addMethod('POST', integration, {
        operationName: 'DynamoDBManager',
        authorizationType: auth === ApiAuth.Iam ? AuthorizationType.IAM : AuthorizationType.NONE,
        apiKeyRequired: auth === ApiAuth.ApiKey,
        requestValidator: validator,
        requestModels: { 'application/json': this.requestModel },
      })
    this.healthMethod = this.api.root.addResource('health').addMethod('GET', integration, {
      operationName: 'Health',
      authorizationType: AuthorizationType.NONE,
    })
    acknowledgeOpenHealthCheck(this.healthMethod)
    acknowledgeManagerAuth(this.managerMethod, auth)

    if (auth === ApiAuth.ApiKey) {
      this.apiKey = new ApiKey(this, 'ApiKey', { description: 'A DynamoDBManager client' })
      this.usagePlan = new UsagePlan(this, 'UsagePlan', {
        name: `${restApiName}-clients`,
        throttle: { rateLimit: throttlingRateLimit, burstLimit: throttlingBurstLimit },
        quota: { limit: apiKeyQuotaLimit, period: apiKeyQuotaPeriod },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      })
      this.usagePlan.addApiKey(this.apiKey)
      new CfnOutput(this, 'ApiKeyId', {
        description: 'aws apigateway get-api-key --include-value --api-key <id> shows the key',
        value: this.apiKey.keyId,
      })
    }

    addGatewayErrors(
      this.api,
      {
        iamAuth: auth === ApiAuth.Iam,
        quotaPeriodSeconds: auth === ApiAuth.ApiKey ? PERIOD_SECONDS[apiKeyQuotaPeriod] : undefined,
      },
      corsAllowOrigins.length === 1 ? corsAllowOrigins[0] : undefined,
    )
    acknowledgeNoWaf(this.api)
    if (cloudWatchRole) acknowledgeCloudWatchRole(this.api)
    if (corsAllowOrigins.length > 0) acknowledgeOpenPreflight(this.api)
  }
}

/** A method that takes requests without IAM or Cognito auth, and why: both nag rules say so. */
function acknowledgeOpenMethod(method: Method, reason: string): void {
  acknowledge(method, 'AwsSolutions-APIG4', reason)
  acknowledge(method, 'AwsSolutions-COG4', reason)
}

function acknowledgeOpenHealthCheck(method: Method): void {
  acknowledgeOpenMethod(
    method,
    'GET /health is open on purpose: Route 53 health checkers cannot sign requests or send an API key. It answers only {"status":"ok"} or 503, no table data.',
  )
}

function acknowledgeManagerAuth(method: Method, auth: ApiAuth): void {
  if (auth === ApiAuth.Iam) {
    acknowledge(
      method,
      'AwsSolutions-COG4',
      'Authorized by IAM (SigV4): the callers are AWS principals (scripts, services, the CLI), not users of a Cognito user pool.',
    )
    return
  }
  const reason =
    auth === ApiAuth.ApiKey
      ? 'Auth by API key and usage plan was asked for by name (auth=apiKey).'
      : 'No auth was asked for by name (auth=none).'
  acknowledgeOpenMethod(method, reason)
}

function acknowledgeOpenPreflight(api: RestApi): void {
  const reason =
    'CORS preflight (OPTIONS) is answered by API Gateway itself and must be open: browsers send it without credentials.'
  for (const method of api.methods) {
    if (method.httpMethod === 'OPTIONS') acknowledgeOpenMethod(method, reason)
  }
}

function acknowledgeNoWaf(api: RestApi): void {
  acknowledge(
    api.deploymentStage,
    'AwsSolutions-APIG3',
    'No WAF web ACL: the API is authenticated (IAM by default) and throttled per stage; a web ACL is an account-level choice with its own cost, to associate outside this app.',
  )
}

function acknowledgeCloudWatchRole(api: RestApi): void {
  acknowledge(
    api,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    "API Gateway's account-level CloudWatch Logs role (needed for execution logging) uses the AWS managed policy made for exactly that role.",
  )
}

import { Duration } from 'aws-cdk-lib'
import {
  type ApiKey,
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
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { readOriginList } from '../../src/config/env.js'
import { ACCESS_LOG_FORMAT } from './api-access-log.js'
import { ApiAuth } from './api-auth.js'
import { apiGatewayRequestModel } from './api-gateway-model.js'
import { addApiKeyUsagePlan, quotaPeriodSeconds } from './api-key-usage-plan.js'
import {
  acknowledgeManagerAuth,
  acknowledgeNoWaf,
  acknowledgeOpenHealthCheck,
  acknowledgeOpenPreflight,
} from './api-nag-acknowledgements.js'
import { ApiWebAcl, WAF_RATE_LIMIT } from './api-web-acl.js'
import { addGatewayErrors } from './gateway-responses.js'
import { checkWholeNumber, readAsTheHandlerDoes } from './prop-checks.js'

/** Execution logging and metrics of every method of the stage. */
const METHOD_LOGGING = {
  loggingLevel: MethodLoggingLevel.ERROR,
  // Request and response bodies hold table data: never write them to the log.
  dataTraceEnabled: false,
  metricsEnabled: true,
} as const

/** The stage of the original lab: the API answers under /Prod. */
export const STAGE_NAME = 'Prod'

/** Steady-state requests per second of a stage: at most API Gateway's account quota. */
export const THROTTLING_RATE_LIMIT = { min: 1, max: 10_000 } as const
/** Requests a stage accepts in a burst: at most API Gateway's account quota. */
export const THROTTLING_BURST_LIMIT = { min: 1, max: 5000 } as const
/**
 * GET /health's own method throttle when unset (each capped at the stage's). Route 53 runs
 * about 15 checkers per health check, each probing every 30 s (or 10 s): 0.5 (or 1.5)
 * requests a second on average, in uncoordinated clumps of several at once. A rate of 5 is
 * three times the fast interval's average; a burst of 15 lets every checker arrive at once.
 */
export const HEALTH_THROTTLING_DEFAULTS = { rateLimit: 5, burstLimit: 15 } as const
/** Requests per API key per quota period. */
export const API_KEY_QUOTA_LIMIT = { min: 1, max: 1_000_000_000 } as const

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
  /**
   * GET /health's own steady-state requests per second (a method throttle of the stage), at
   * most the stage's: the anonymous route is held far below the signed one.
   * @default 5, or the stage's rate if lower
   */
  readonly healthThrottlingRateLimit?: number
  /** GET /health's own burst, at most the stage's. @default 15, or the stage's burst if lower */
  readonly healthThrottlingBurstLimit?: number
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
   * A regional WAF web ACL on the stage (api-web-acl.ts): AWS managed rule groups and a
   * per-IP rate limit.
   * @default false
   */
  readonly waf?: boolean
  /** With `waf`: requests per five minutes per IP address. @default 2000 */
  readonly wafRateLimit?: number
  /** With `waf`: the web ACL's name. @default `${restApiName}-waf` */
  readonly webAclName?: string
}

/** A rate (requests per second) and a burst, as a throttle of API Gateway takes them. */
export interface Throttle {
  readonly rateLimit: number
  readonly burstLimit: number
}

/**
 * The stage's throttle and GET /health's, defaults filled in: what the stage gets, and what
 * the table's capacity must match (see infra/settings/capacity-settings.ts).
 */
export function labApiThrottles(
  props: Pick<
    LabApiProps,
    | 'throttlingRateLimit'
    | 'throttlingBurstLimit'
    | 'healthThrottlingRateLimit'
    | 'healthThrottlingBurstLimit'
  >,
): { stage: Throttle; health: Throttle } {
  const stage = {
    rateLimit: props.throttlingRateLimit ?? 100,
    burstLimit: props.throttlingBurstLimit ?? 200,
  }
  const health = {
    rateLimit:
      props.healthThrottlingRateLimit ??
      Math.min(HEALTH_THROTTLING_DEFAULTS.rateLimit, stage.rateLimit),
    burstLimit:
      props.healthThrottlingBurstLimit ??
      Math.min(HEALTH_THROTTLING_DEFAULTS.burstLimit, stage.burstLimit),
  }
  return { stage, health }
}

/**
 * Throws an InvalidPropError naming the first prop out of its range: the throttling (GET
 * /health's at most the stage's), the quota, or CORS origins the handler would refuse (it
 * answers with the same origins).
 */
export function checkLabApiProps(props: Omit<LabApiProps, 'handler'>): void {
  checkWholeNumber('throttlingRateLimit', props.throttlingRateLimit, THROTTLING_RATE_LIMIT)
  checkWholeNumber('throttlingBurstLimit', props.throttlingBurstLimit, THROTTLING_BURST_LIMIT)
  // At most the stage's, so that /health's is the lower limit whether its own setting
  // replaces the stage's for that method (as API Gateway's guide reads) or both apply.
  const { stage } = labApiThrottles(props)
  checkWholeNumber('healthThrottlingRateLimit', props.healthThrottlingRateLimit, {
    min: THROTTLING_RATE_LIMIT.min,
    max: stage.rateLimit,
  })
  checkWholeNumber('healthThrottlingBurstLimit', props.healthThrottlingBurstLimit, {
    min: THROTTLING_BURST_LIMIT.min,
    max: stage.burstLimit,
  })
  checkWholeNumber('apiKeyQuotaLimit', props.apiKeyQuotaLimit, API_KEY_QUOTA_LIMIT)
  checkWholeNumber('wafRateLimit', props.wafRateLimit, WAF_RATE_LIMIT)
  readAsTheHandlerDoes('corsAllowOrigins', props.corsAllowOrigins ?? [], readOriginList)
}

/**
 * The REST API of the lab: resource `DynamoDBManager` with POST, GET /health, stage `Prod`,
 * both routes by Lambda proxy integration to the one handler (the stack gives its `live`
 * alias), and, with `waf`, a WAF web ACL on the stage. A request validator checks
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
  /** Set when waf is on. */
  public readonly webAcl: ApiWebAcl | undefined

  constructor(scope: Construct, id: string, props: LabApiProps) {
    super(scope, id)
    checkLabApiProps(props)
    const {
      handler,
      restApiName = 'DynamoDBOperations',
      auth = ApiAuth.Iam,
      apiKeyQuotaLimit = 10_000,
      apiKeyQuotaPeriod = Period.DAY,
      corsAllowOrigins = [],
      tracing = true,
      accessLogRetention = RetentionDays.ONE_MONTH,
      waf = false,
      webAclName = `${restApiName}-waf`,
    } = props
    const { stage, health } = labApiThrottles(props)

    this.accessLogGroup = new LogGroup(this, 'AccessLog', { retention: accessLogRetention })
    this.api = new RestApi(this, 'Api', {
      restApiName,
      description: 'The DynamoDB Manager of the AWS serverless lab',
      endpointTypes: [EndpointType.REGIONAL],
      // The execution log needs API Gateway's account CloudWatch Logs role, which is the
      // account's, not this API's: ApiGatewayAccountRole sets it, only where none is set.
      cloudWatchRole: false,
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
        throttlingRateLimit: stage.rateLimit,
        throttlingBurstLimit: stage.burstLimit,
        ...METHOD_LOGGING,
        // The stage's throttle is a bucket per method (API Gateway applies it at the method
        // level), so POST never shares its own with GET /health. What a /health flood would
        // share with POST is the function's concurrency and the table's reads: this lower
        // throttle bounds both (docs/deploy-settings.md, "Health under a flood").
        methodOptions: {
          '/health/GET': {
            throttlingRateLimit: health.rateLimit,
            throttlingBurstLimit: health.burstLimit,
            ...METHOD_LOGGING,
          },
        },
        tracingEnabled: tracing,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: ACCESS_LOG_FORMAT,
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
      const { apiKey, usagePlan } = addApiKeyUsagePlan(this, this.api, {
        name: `${restApiName}-clients`,
        rateLimit: stage.rateLimit,
        burstLimit: stage.burstLimit,
        quotaLimit: apiKeyQuotaLimit,
        quotaPeriod: apiKeyQuotaPeriod,
      })
      this.apiKey = apiKey
      this.usagePlan = usagePlan
    }

    addGatewayErrors(
      this.api,
      {
        iamAuth: auth === ApiAuth.Iam,
        quotaPeriodSeconds:
          auth === ApiAuth.ApiKey ? quotaPeriodSeconds(apiKeyQuotaPeriod) : undefined,
      },
      corsAllowOrigins.length === 1 ? corsAllowOrigins[0] : undefined,
    )
    if (waf) {
      this.webAcl = new ApiWebAcl(this, 'WebAcl', {
        stage: this.api.deploymentStage,
        name: webAclName,
        rateLimit: props.wafRateLimit,
      })
    } else {
      acknowledgeNoWaf(this.api)
    }
    if (corsAllowOrigins.length > 0) acknowledgeOpenPreflight(this.api)
  }
}

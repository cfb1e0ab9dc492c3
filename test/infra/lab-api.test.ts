import { Match, Template } from 'aws-cdk-lib/assertions'
import { Period } from 'aws-cdk-lib/aws-apigateway'
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda'
import { describe, expect, it } from 'vitest'
import { apiGatewayRequestModel } from '../../infra/constructs/api-gateway-model.js'
import { LabApi, type LabApiProps } from '../../infra/constructs/lab-api.js'
import { InvalidPropError } from '../../infra/constructs/prop-checks.js'
import {
  ERROR_TABLE,
  ErrorCode,
  INTERNAL_ERROR_MESSAGE,
  statusOf,
} from '../../src/core/error-table.js'
import { onlyResource, testStack } from '../support/cdk.js'

function apiTemplate(props: Partial<LabApiProps> = {}): Template {
  const stack = testStack('eu-west-1')
  const handler = new LambdaFunction(stack, 'Handler', {
    code: Code.fromInline('export const handler = async () => ({})'),
    handler: 'index.handler',
    runtime: Runtime.NODEJS_24_X,
  })
  new LabApi(stack, 'Api', { handler, ...props })
  return Template.fromStack(stack)
}

const restApi = { Ref: Match.stringLikeRegexp('^Api') }
const handlerArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Handler'), 'Arn'] }

/** A gateway response body as a client would read it, API Gateway's variables filled in. */
function renderGatewayBody(template: string): unknown {
  return JSON.parse(
    template
      .replaceAll('$context.error.messageString', JSON.stringify('The gateway said "no"'))
      // As API Gateway fills it in: unescaped quotes, which a template must not put in JSON.
      .replaceAll(
        '$context.error.validationErrorString',
        '[object has missing required properties (["operation"])]',
      )
      .replaceAll('$context.requestId', 'req-1'),
  )
}

function gatewayResponses(template: Template): Map<string, Record<string, unknown>> {
  const responses = template.findResources('AWS::ApiGateway::GatewayResponse')
  return new Map(
    Object.values(responses).map((each) => {
      const props = (each as { Properties: Record<string, unknown> }).Properties
      return [String(props.ResponseType), props]
    }),
  )
}

describe('LabApi routes', () => {
  it('is a regional REST API with POST /DynamoDBManager proxied to the function', () => {
    const template = apiTemplate()

    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'DynamoDBOperations',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    })
    template.hasResourceProperties('AWS::ApiGateway::Resource', {
      PathPart: 'DynamoDBManager',
      ParentId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Api'), 'RootResourceId'] },
    })
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ResourceId: { Ref: Match.stringLikeRegexp('DynamoDBManager') },
      Integration: {
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        Uri: {
          'Fn::Join': ['', Match.arrayWith([handlerArn, '/invocations'])],
        },
      },
    })
  })

  it('serves GET /health from the same function, open to Route 53 health checkers', () => {
    const template = apiTemplate()

    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'health' })
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      ResourceId: { Ref: Match.stringLikeRegexp('health') },
      AuthorizationType: 'NONE',
      ApiKeyRequired: Match.absent(),
      Integration: { Type: 'AWS_PROXY' },
    })
  })

  it('deploys to the stage Prod, throttled, logging errors and access as JSON, traced', () => {
    // Act
    const template = apiTemplate({ throttlingRateLimit: 10, throttlingBurstLimit: 20 })

    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'Prod',
      RestApiId: restApi,
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 10,
          ThrottlingBurstLimit: 20,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
        },
      ]),
      AccessLogSetting: {
        // The log group's ARN as API Gateway stores it: without the `:*` of its Arn attribute.
        DestinationArn: {
          'Fn::Join': [
            '',
            [
              'arn:aws:logs:eu-west-1:111122223333:log-group:',
              { Ref: Match.stringLikeRegexp('AccessLog') },
            ],
          ],
        },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    })
    const stage = onlyResource(template, 'AWS::ApiGateway::Stage').Properties as {
      AccessLogSetting: { Format: string }
    }
    expect(JSON.parse(stage.AccessLogSetting.Format)).toMatchObject({
      status: '$context.status',
      error: '$context.error.message',
    })
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 })
  })

  it('gives GET /health its own throttle, far below the stage’s, logged as every method is', () => {
    // Act
    const template = apiTemplate({ throttlingRateLimit: 300, throttlingBurstLimit: 600 })

    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        Match.objectLike({ ResourcePath: '/*', ThrottlingRateLimit: 300 }),
        {
          HttpMethod: 'GET',
          ResourcePath: '/~1health',
          ThrottlingRateLimit: 5,
          ThrottlingBurstLimit: 15,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
        },
      ],
    })
  })

  it.each([
    ['as given', { healthThrottlingRateLimit: 2, healthThrottlingBurstLimit: 4 }, 2, 4],
    [
      'kept within a lower stage throttle',
      { throttlingRateLimit: 3, throttlingBurstLimit: 6 },
      3,
      6,
    ],
  ])('throttles GET /health %s', (_, props, rate, burst) => {
    const template = apiTemplate(props)

    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          ResourcePath: '/~1health',
          ThrottlingRateLimit: rate,
          ThrottlingBurstLimit: burst,
        }),
      ]),
    })
  })

  it("leaves API Gateway's account CloudWatch Logs role to the stack: no role, no account setting", () => {
    const template = apiTemplate()

    template.resourceCountIs('AWS::ApiGateway::Account', 0)
    template.resourceCountIs('AWS::IAM::Role', 1) // the test handler's own
  })
})

describe('LabApi request validation', () => {
  it('validates the POST body against the model generated from the envelope schema', () => {
    // Act
    const template = apiTemplate()

    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Name: 'DynamoDBManagerRequest',
      ContentType: 'application/json',
      Schema: apiGatewayRequestModel(),
    })
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    })
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestValidatorId: { Ref: Match.stringLikeRegexp('Validator') },
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('RequestModel') } },
    })
  })
})

describe('LabApi auth', () => {
  it('signs POST with IAM by default, with no API key', () => {
    const template = apiTemplate()

    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: false,
    })
    expect(Object.keys(template.findResources('AWS::ApiGateway::UsagePlan'))).toHaveLength(0)
  })

  it('asks for an API key of a throttled, quota-bound usage plan when auth is apiKey', () => {
    // Act
    const template = apiTemplate({
      auth: 'apiKey',
      throttlingRateLimit: 5,
      throttlingBurstLimit: 10,
      apiKeyQuotaLimit: 1000,
    })

    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'NONE',
      ApiKeyRequired: true,
    })
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 5, BurstLimit: 10 },
      Quota: { Limit: 1000, Period: 'DAY' },
      ApiStages: [{ ApiId: restApi, Stage: { Ref: Match.stringLikeRegexp('Stage') } }],
    })
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1)
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1)
  })

  it('leaves POST open only when auth is none', () => {
    const template = apiTemplate({ auth: 'none' })

    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'NONE',
      ApiKeyRequired: false,
    })
  })
})

describe('LabApi props', () => {
  it.each([
    [
      { throttlingRateLimit: 0 },
      /^throttlingRateLimit: expected a whole number from 1 to 10000, got 0\.$/,
    ],
    [
      { throttlingBurstLimit: 5001 },
      /^throttlingBurstLimit: expected a whole number from 1 to 5000/,
    ],
    [{ apiKeyQuotaLimit: 0.5 }, /^apiKeyQuotaLimit: expected a whole number from 1 to 1000000000/],
    // The anonymous route never gets more than the signed one.
    [
      { throttlingRateLimit: 50, healthThrottlingRateLimit: 51 },
      /^healthThrottlingRateLimit: expected a whole number from 1 to 50, got 51\.$/,
    ],
    [
      { healthThrottlingBurstLimit: 201 },
      /^healthThrottlingBurstLimit: expected a whole number from 1 to 200, got 201\.$/,
    ],
    [
      { corsAllowOrigins: ['app.example.com'] },
      /^corsAllowOrigins: "app.example.com" is not a web origin/,
    ],
  ])('refuses a prop out of its range, naming the prop: %o', (props, message) => {
    expect(() => apiTemplate(props)).toThrow(InvalidPropError)
    expect(() => apiTemplate(props)).toThrow(message)
  })

  it('takes the ends of the ranges', () => {
    const template = apiTemplate({
      auth: 'apiKey',
      throttlingRateLimit: 10_000,
      throttlingBurstLimit: 5000,
      apiKeyQuotaLimit: 1_000_000_000,
    })

    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 10_000, BurstLimit: 5000 },
      Quota: Match.objectLike({ Limit: 1_000_000_000 }),
    })
  })
})

describe('LabApi gateway responses', () => {
  it.each([
    ['DEFAULT_4XX', ErrorCode.InvalidRequest, 'The gateway said "no"'],
    ['DEFAULT_5XX', ErrorCode.InternalError, INTERNAL_ERROR_MESSAGE],
    ['THROTTLED', ErrorCode.Throttled, /throttled/],
    ['REQUEST_TOO_LARGE', ErrorCode.PayloadTooLarge, /10 MB/],
    ['UNAUTHORIZED', ErrorCode.Unauthorized, 'The gateway said "no"'],
    ['ACCESS_DENIED', ErrorCode.Forbidden, 'The gateway said "no"'],
    ['INVALID_SIGNATURE', ErrorCode.Forbidden, 'The gateway said "no"'],
    ['MISSING_AUTHENTICATION_TOKEN', ErrorCode.Forbidden, /SigV4.*POST \/Prod\/DynamoDBManager/],
    ['BAD_REQUEST_BODY', ErrorCode.InvalidRequest, 'The gateway said "no"'],
    ['WAF_FILTERED', ErrorCode.Forbidden, /web application firewall/],
  ])('answers %s in the API error shape with code %s', (type, code, message) => {
    // Act
    const response = gatewayResponses(apiTemplate()).get(type)

    // Assess
    const templates = response?.ResponseTemplates as Record<string, string>
    const body = renderGatewayBody(templates['application/json'] ?? '')
    expect(body).toEqual({
      code,
      message: typeof message === 'string' ? message : expect.stringMatching(message),
      requestId: 'req-1',
    })
    expect(response?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Cache-Control': "'no-store'",
      'gatewayresponse.header.X-Content-Type-Options': "'nosniff'",
    })
  })

  it('tells a client when to retry after throttling', () => {
    const response = gatewayResponses(apiTemplate()).get('THROTTLED')

    expect(response?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Retry-After': "'1'",
    })
  })

  it('answers an unknown path with a 404 RouteNotFound when requests are not signed', () => {
    const response = gatewayResponses(apiTemplate({ auth: 'apiKey' })).get(
      'MISSING_AUTHENTICATION_TOKEN',
    )

    expect(response?.StatusCode).toBe('404')
    const templates = response?.ResponseTemplates as Record<string, string>
    expect(renderGatewayBody(templates['application/json'] ?? '')).toMatchObject({
      code: ErrorCode.RouteNotFound,
    })
  })

  it('asks an API key client that used up its quota to wait for the next period', () => {
    const response = gatewayResponses(
      apiTemplate({ auth: 'apiKey', apiKeyQuotaPeriod: Period.WEEK }),
    ).get('QUOTA_EXCEEDED')

    expect(response?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Retry-After': "'604800'",
    })
  })
})

/**
 * The status API Gateway sends for each response type unless a gateway response sets one
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).
 * The two defaults have none: they stand for every 4xx and 5xx type not answered otherwise.
 */
const API_GATEWAY_DEFAULT_STATUS: Readonly<Record<string, number | '4xx' | '5xx'>> = {
  DEFAULT_4XX: '4xx',
  DEFAULT_5XX: '5xx',
  ACCESS_DENIED: 403,
  BAD_REQUEST_BODY: 400,
  EXPIRED_TOKEN: 403,
  INVALID_API_KEY: 403,
  INVALID_SIGNATURE: 403,
  MISSING_AUTHENTICATION_TOKEN: 403,
  QUOTA_EXCEEDED: 429,
  REQUEST_TOO_LARGE: 413,
  RESOURCE_NOT_FOUND: 404,
  THROTTLED: 429,
  UNAUTHORIZED: 401,
  UNSUPPORTED_MEDIA_TYPE: 415,
  WAF_FILTERED: 403,
}

describe('LabApi gateway responses against the error table', () => {
  it.each(['iam', 'apiKey', 'none'] as const)(
    'answers each code with its own status and Retry-After (auth %s)',
    (auth) => {
      // Act
      const responses = gatewayResponses(apiTemplate({ auth }))

      // Assess: the status a client gets is the one the error table gives the code.
      expect(responses.size).toBeGreaterThan(10)
      for (const [type, response] of responses) {
        const templates = response.ResponseTemplates as Record<string, string>
        const { code } = renderGatewayBody(templates['application/json'] ?? '') as {
          code: ErrorCode
        }
        const sent = response.StatusCode ?? API_GATEWAY_DEFAULT_STATUS[type]
        const status = statusOf(code)
        const expected =
          sent === '4xx' || sent === '5xx' ? `${String(status)[0]}xx` : String(status)
        expect({ type, code, status: String(sent) }).toEqual({ type, code, status: expected })
        const headers = response.ResponseParameters as Record<string, string>
        expect({ type, retryAfter: 'gatewayresponse.header.Retry-After' in headers }).toEqual({
          type,
          retryAfter: ERROR_TABLE[code].retryAfter,
        })
      }
    },
  )
})

describe('LabApi CORS', () => {
  it('has no preflight and no CORS header by default', () => {
    const template = apiTemplate()

    expect(JSON.stringify(template.findResources('AWS::ApiGateway::Method'))).not.toContain(
      '"OPTIONS"',
    )
    expect(
      JSON.stringify(gatewayResponses(template).get('DEFAULT_4XX')?.ResponseParameters),
    ).not.toContain('Access-Control')
  })

  it('answers preflight for the allowed origin and lets the browser read gateway errors', () => {
    const template = apiTemplate({ corsAllowOrigins: ['https://app.example.com'] })

    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      Integration: {
        IntegrationResponses: [
          Match.objectLike({
            ResponseParameters: Match.objectLike({
              'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
            }),
          }),
        ],
      },
    })
    expect(gatewayResponses(template).get('DEFAULT_4XX')?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
    })
  })
})

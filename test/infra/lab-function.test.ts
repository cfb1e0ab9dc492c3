import { CfnParameter, Duration } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import { describe, expect, it } from 'vitest'
import { LabFunction, type LabFunctionProps } from '../../infra/constructs/lab-function.js'
import { LOG_ACTIONS, TABLE_ACTIONS } from '../../infra/constructs/lab-function-role.js'
import { LabTable } from '../../infra/constructs/lab-table.js'
import { InvalidPropError } from '../../infra/constructs/prop-checks.js'
import { testStack } from '../support/cdk.js'

function functionTemplate(props: Partial<LabFunctionProps> = {}): Template {
  const stack = testStack('eu-west-1')
  const { table } = new LabTable(stack, 'Table')
  new LabFunction(stack, 'Service', { table, ...props })
  return Template.fromStack(stack)
}

/** Every statement of every IAM policy in the template. */
function statements(template: Template): Array<Record<string, unknown>> {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } })
        .Properties.PolicyDocument.Statement,
  )
}

const asList = (value: unknown) => (Array.isArray(value) ? value : [value])
const tableArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'Arn'] }

describe('LabFunction role and policy', () => {
  it('names the role lambda-apigateway-role and lets only Lambda assume it', () => {
    const template = functionTemplate()

    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lambda-apigateway-role',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
          },
        ],
      },
      ManagedPolicyArns: Match.absent(),
    })
  })

  it("allows the lab's six DynamoDB actions and the batch ones on the table, and nothing else on DynamoDB", () => {
    // Act
    const template = functionTemplate()

    // Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: 'lambda-apigateway-policy',
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'TableItems',
            Effect: 'Allow',
            Action: [...TABLE_ACTIONS],
            Resource: tableArn,
          },
        ]),
      },
    })
    expect(TABLE_ACTIONS).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ])
    const dynamoDb = statements(template).filter((each) =>
      asList(each.Action).some((action) => String(action).startsWith('dynamodb:')),
    )
    expect(dynamoDb).toHaveLength(1)
    expect(asList(dynamoDb[0]?.Resource)).not.toContain('*')
  })

  it("allows the lab's log actions on the function's own log group only", () => {
    const template = functionTemplate()
    const logGroup = Match.stringLikeRegexp('^ServiceLogGroup')

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'OwnLogGroup',
            Effect: 'Allow',
            Action: [...LOG_ACTIONS],
            Resource: [
              { 'Fn::GetAtt': [logGroup, 'Arn'] },
              {
                'Fn::Join': [
                  '',
                  ['arn:aws:logs:eu-west-1:111122223333:log-group:', { Ref: logGroup }],
                ],
              },
            ],
          },
        ]),
      },
    })
    expect(LOG_ACTIONS).toEqual([
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ])
  })

  it('extends the DynamoDB statement to the allowed tables, in its own region, and to no index', () => {
    const template = functionTemplate({ allowedTables: ['orders'] })

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'TableItems',
            // minimizePolicies sorts the resources: literal ARNs first.
            Resource: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders', tableArn],
          }),
        ]),
      },
    })
    // Tables of the lab's shape declare no index: query and list take no IndexName for them.
    expect(JSON.stringify(statements(template))).not.toContain('/index/')
  })

  it('allows only the X-Ray actions on * when tracing is on, and no wildcard at all when off', () => {
    const traced = statements(functionTemplate())
    const untraced = statements(functionTemplate({ tracing: false }))

    const wildcards = traced.filter((each) => asList(each.Resource).includes('*'))
    expect(wildcards).toEqual([
      {
        Effect: 'Allow',
        Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        Resource: '*',
      },
    ])
    expect(untraced.filter((each) => asList(each.Resource).includes('*'))).toEqual([])
  })
})

describe('LabFunction function', () => {
  it('is LambdaFunctionOverHttps on a current Node.js runtime and arm64, with the table and allowlist in its environment', () => {
    // Act
    const template = functionTemplate({ allowedTables: ['orders', 'customers'] })

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'LambdaFunctionOverHttps',
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceRole'), 'Arn'] },
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^Table') },
          ALLOWED_TABLES: 'orders,customers',
          MAX_BODY_BYTES: '1048576',
          DYNAMODB_TIMEOUT_MS: '3000',
          DYNAMODB_MAX_ATTEMPTS: '3',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_SERVICE_NAME: 'serverless-lab',
          POWERTOOLS_METRICS_NAMESPACE: 'ServerlessLab',
          // The stack's region, in its partition's domain (resolved by CloudFormation).
          DYNAMODB_ENDPOINT: {
            'Fn::Join': ['', ['https://dynamodb.eu-west-1.', { Ref: 'AWS::URLSuffix' }]],
          },
          NODE_OPTIONS: Match.absent(),
        },
      },
    })
  })

  it('defaults to 256 MB, 15 s, no reserved concurrency, active tracing and a month of logs', () => {
    const template = functionTemplate()

    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 256,
      Timeout: 15,
      ReservedConcurrentExecutions: Match.absent(),
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: Match.absent() }) },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ServiceLogGroup') } },
    })
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/LambdaFunctionOverHttps',
      RetentionInDays: 30,
    })
  })

  it('takes memory, timeout, reserved concurrency, tracing, log retention and handler settings', () => {
    // Act
    const template = functionTemplate({
      memorySize: 1024,
      timeout: Duration.seconds(20),
      reservedConcurrentExecutions: 25,
      tracing: false,
      logRetention: RetentionDays.ONE_WEEK,
      logLevel: 'DEBUG',
      maxBodyBytes: 65_536,
      dynamoDbTimeoutMs: 5000,
      dynamoDbMaxAttempts: 2,
      metricsNamespace: 'Lab/dev',
      roleName: 'lambda-apigateway-role-eu-west-1',
    })

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 20,
      ReservedConcurrentExecutions: 25,
      TracingConfig: Match.absent(),
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          MAX_BODY_BYTES: '65536',
          DYNAMODB_TIMEOUT_MS: '5000',
          DYNAMODB_MAX_ATTEMPTS: '2',
          POWERTOOLS_METRICS_NAMESPACE: 'Lab/dev',
          POWERTOOLS_TRACE_ENABLED: 'false',
        }),
      },
    })
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 })
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lambda-apigateway-role-eu-west-1',
    })
  })

  it('waits for its policy, so that the first request finds the permissions in place', () => {
    const template = functionTemplate()

    template.hasResource('AWS::Lambda::Function', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^ServicePolicy')]),
    })
  })

  it.each([
    [{ timeout: Duration.seconds(30) }, /over API Gateway's 29 s integration timeout/],
    [
      { timeout: Duration.seconds(3) },
      /leaves no room for the handler's 3000 ms wait for DynamoDB/,
    ],
    [{ timeout: Duration.seconds(20), dynamoDbTimeoutMs: 25_000 }, /use at least 26 s/],
  ])('refuses a timeout that cannot serve a request: %o', (props, message) => {
    expect(() => functionTemplate(props)).toThrow(message)
  })

  it('names the timeout prop when it refuses it', () => {
    expect(() => functionTemplate({ timeout: Duration.seconds(30) })).toThrow(InvalidPropError)
    expect(() => functionTemplate({ timeout: Duration.seconds(30) })).toThrow(/^timeout: 30 s is/)
    expect(() => functionTemplate({ timeout: Duration.millis(20_500) })).toThrow(
      /^timeout: expected a whole number from 1 to 900, got 20.5 s\.$/,
    )
  })
})

describe('LabFunction props', () => {
  it.each([
    [{ memorySize: 5 }, /^memorySize: expected a whole number from 128 to 10240, got 5\.$/],
    [{ memorySize: 10_241 }, /^memorySize: expected a whole number from 128 to 10240/],
    [
      { reservedConcurrentExecutions: -1 },
      /^reservedConcurrentExecutions: expected a whole number from 0 to 100000/,
    ],
    [{ maxBodyBytes: 1023 }, /^maxBodyBytes: expected a whole number from 1024 to 10485760/],
    [{ dynamoDbTimeoutMs: 99 }, /^dynamoDbTimeoutMs: expected a whole number from 100 to 28000/],
    [{ dynamoDbMaxAttempts: 11 }, /^dynamoDbMaxAttempts: expected a whole number from 1 to 10/],
    // Refused as the handler would refuse its environment at start.
    [
      { allowedTables: ['orders table'] },
      /^allowedTables: "orders table" is not a DynamoDB table name/,
    ],
    [
      { allowedTables: ['customers'], declaredTables: [] },
      /^allowedTables: set together with declaredTables: declare every table instead/,
    ],
    [
      { corsAllowOrigins: ['https://a.example.com/'] },
      /^corsAllowOrigins: "https:\/\/a.example.com\/" is not a web origin/,
    ],
    [{ metricsNamespace: 'Lab$' }, /^metricsNamespace: "Lab\$" is not a CloudWatch namespace/],
    [
      { metricsNamespace: 'x'.repeat(256) },
      /^metricsNamespace: "x+" is not a CloudWatch namespace/,
    ],
    [
      { metricsNamespace: 'AWS/Lambda' },
      /^metricsNamespace: "AWS\/Lambda": namespaces starting AWS\//,
    ],
  ])('refuses a prop out of its range, naming the prop: %o', (props, message) => {
    expect(() => functionTemplate(props)).toThrow(InvalidPropError)
    expect(() => functionTemplate(props)).toThrow(message)
  })

  it('takes the ends of the ranges', () => {
    const template = functionTemplate({
      memorySize: 10_240,
      reservedConcurrentExecutions: 0,
      maxBodyBytes: 1024,
      dynamoDbMaxAttempts: 10,
    })

    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 10_240,
      ReservedConcurrentExecutions: 0,
      Environment: {
        Variables: Match.objectLike({ MAX_BODY_BYTES: '1024', DYNAMODB_MAX_ATTEMPTS: '10' }),
      },
    })
  })
})

describe('LabFunction props known only at deploy time', () => {
  it('leaves them to CloudFormation', () => {
    // Prepare
    const stack = testStack('eu-west-1')
    const { table } = new LabTable(stack, 'Table')
    const memorySize = new CfnParameter(stack, 'Memory', { type: 'Number' }).valueAsNumber

    // Act
    new LabFunction(stack, 'Service', { table, memorySize })

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: { Ref: 'Memory' },
    })
  })
})

describe('LabFunction CORS', () => {
  it('tells the handler which origins may read its answers, only when CORS is on', () => {
    const on = functionTemplate({
      corsAllowOrigins: ['https://a.example.com', 'https://b.example.com'],
    })
    const off = functionTemplate()

    on.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CORS_ALLOW_ORIGINS: 'https://a.example.com,https://b.example.com',
        }),
      },
    })
    off.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CORS_ALLOW_ORIGINS: Match.absent() }) },
    })
  })
})

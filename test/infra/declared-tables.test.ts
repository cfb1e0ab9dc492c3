import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { afterAll, describe, expect, it } from 'vitest'
import { INDEX_ACTIONS, TABLE_ACTIONS } from '../../infra/constructs/lab-function-role.js'
import { readLabSettings } from '../../infra/settings/lab-settings.js'
import { SettingsError } from '../../infra/settings/settings-reader.js'
import { parseTableDeclarations, tableDeclarationsJson } from '../../src/table/declarations.js'
import { labStacks, singleTemplate } from './lab-stacks.js'
import { contextOf } from './settings/contexts.js'

/** The issue's example, which docs/tables.md shows: one table, a sort key, a GSI, an LSI, TTL. */
const EXAMPLE = 'examples/tables.json'

const folder = mkdtempSync(join(tmpdir(), 'tables-file-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** A tables file of these declarations, in a folder of the test's own. */
function tablesFile(name: string, declarations: unknown): string {
  const path = join(folder, name)
  writeFileSync(
    path,
    typeof declarations === 'string' ? declarations : JSON.stringify(declarations),
  )
  return path
}

/** The example and a second table billed provisioned, with an INCLUDE projection. */
const TWO_TABLES = {
  tables: [
    ...JSON.parse(readFileSync(EXAMPLE, 'utf8')).tables,
    {
      name: 'customers',
      partitionKey: { name: 'customerId', type: 'S' },
      globalIndexes: [
        {
          name: 'byEmail',
          partitionKey: { name: 'email', type: 'S' },
          projection: { include: ['displayName', 'plan'] },
        },
      ],
      billing: 'provisioned',
    },
  ],
}

type Statement = { Sid?: string; Action: unknown; Resource: unknown }

/** Every statement of every IAM policy in the template. */
function statements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties
        .PolicyDocument.Statement,
  )
}

const asList = (value: unknown) => (Array.isArray(value) ? value : [value])
const onDynamoDb = (each: Statement) =>
  asList(each.Action).some((action) => String(action).startsWith('dynamodb:'))
/** A table's ARN in the template, its logical id by pattern (for vitest's own equality). */
const arnOf = (logicalId: RegExp) => ({ 'Fn::GetAtt': [expect.stringMatching(logicalId), 'Arn'] })
const indexArn = (table: object, index: string) => ({
  'Fn::Join': ['', [table, `/index/${index}`]],
})

describe('a stack from the example tables file', () => {
  const template = singleTemplate({ tablesFile: EXAMPLE })

  it("creates the declared table with its keys, indexes and TTL, and not the lab's", () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1)
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'orders',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'N' },
        { AttributeName: 'total', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
          // On demand, the index has the table's caps: a query of it reads the index only.
          WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 100 },
        },
      ],
      Replicas: [
        Match.objectLike({
          ReadOnDemandThroughputSettings: { MaxReadRequestUnits: 103 },
          GlobalSecondaryIndexes: [
            { IndexName: 'byStatus', ReadOnDemandThroughputSettings: { MaxReadRequestUnits: 103 } },
          ],
        }),
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byTotal',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'total', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      // The `billing` setting's default, capped by the throttle as the lab's table is.
      BillingMode: 'PAY_PER_REQUEST',
      WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 100 },
    })
  })

  it('lets the role use the table and each declared index by name, with the batch actions, and nothing else', () => {
    // Act
    const dynamoDb = statements(template).filter(onDynamoDb)

    // Assess
    const orders = arnOf(/^TableordersTable/)
    expect(dynamoDb).toEqual([
      { Sid: 'TableItems', Effect: 'Allow', Action: [...TABLE_ACTIONS], Resource: orders },
      {
        Sid: 'TableIndexes',
        Effect: 'Allow',
        Action: [...INDEX_ACTIONS],
        Resource: [indexArn(orders, 'byStatus'), indexArn(orders, 'byTotal')],
      },
    ])
    expect(TABLE_ACTIONS).toEqual(
      expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']),
    )
    expect(INDEX_ACTIONS).toEqual(['dynamodb:Query', 'dynamodb:Scan'])
  })

  it('gives the function the declarations as TABLES and the default as TABLE_NAME, without ALLOWED_TABLES', () => {
    const declared = parseTableDeclarations(JSON.parse(readFileSync(EXAMPLE, 'utf8')), EXAMPLE)

    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'LambdaFunctionOverHttps',
      Environment: {
        Variables: Match.objectLike({
          TABLES: tableDeclarationsJson(declared),
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^TableordersTable') },
          ALLOWED_TABLES: Match.absent(),
        }),
      },
    })
  })

  it('outputs the default table as TableName', () => {
    template.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^TableordersTable') } })
  })
})

describe('a tables file with an environment', () => {
  it('names each table as the lab table is named, in the table and in TABLES', () => {
    const template = singleTemplate({ tablesFile: EXAMPLE, env: 'dev' })

    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'orders-dev' })
    const [fn] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { FunctionName: 'LambdaFunctionOverHttps-dev' },
      }),
    ) as Array<{ Properties: { Environment: { Variables: { TABLES: string } } } }>
    const tables = JSON.parse(fn?.Properties.Environment.Variables.TABLES ?? '{}').tables
    expect(tables.map((table: { name: string }) => table.name)).toEqual(['orders-dev'])
  })
})

describe('a tables file of two tables', () => {
  // Auto scaling that can reach what the default throttle lets through (capacity-settings.ts).
  const capacity = { maxReadCapacity: '200', maxWriteCapacity: '150' }
  const template = singleTemplate({ tablesFile: tablesFile('two.json', TWO_TABLES), ...capacity })
  const orders = arnOf(/^TableordersTable/)
  const customers = arnOf(/^TablecustomersTable/)

  it("bills each table by its declaration's billing, else the setting's, with auto scaling of a provisioned table and its indexes", () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'orders',
      BillingMode: 'PAY_PER_REQUEST',
    })
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'customers',
      BillingMode: 'PROVISIONED',
      WriteOnDemandThroughputSettings: Match.absent(),
      WriteProvisionedThroughputSettings: {
        WriteCapacityAutoScalingSettings: Match.objectLike({ MinCapacity: 1, MaxCapacity: 150 }),
      },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byEmail',
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['displayName', 'plan'] },
          WriteProvisionedThroughputSettings: {
            WriteCapacityAutoScalingSettings: Match.objectLike({ MaxCapacity: 150 }),
          },
        }),
      ],
      Replicas: [
        Match.objectLike({
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byEmail',
              ReadProvisionedThroughputSettings: {
                ReadCapacityAutoScalingSettings: Match.objectLike({ MaxCapacity: 200 }),
              },
            },
          ],
        }),
      ],
    })
  })

  it('refuses auto scaling short of the throttle for a table provisioned by its declaration, as for billing=provisioned', () => {
    expect(() =>
      readLabSettings(contextOf({ tablesFile: tablesFile('two.json', TWO_TABLES) })),
    ).toThrow(
      /^maxReadCapacity: the API can push 103 read units a second .* raise maxReadCapacity to 103/,
    )
  })

  it('scopes the role to both tables and their indexes', () => {
    const dynamoDb = statements(template).filter(onDynamoDb)

    expect(dynamoDb).toEqual([
      expect.objectContaining({ Sid: 'TableItems', Resource: [customers, orders] }),
      expect.objectContaining({
        Sid: 'TableIndexes',
        Resource: [
          indexArn(customers, 'byEmail'),
          indexArn(orders, 'byStatus'),
          indexArn(orders, 'byTotal'),
        ],
      }),
    ])
  })

  it("alarms on each table's throttles and system errors, the other table's outside the rollback", () => {
    // Act
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as { AlarmName: string; Metrics?: unknown },
    )
    const named = (name: string) => alarms.find((alarm) => alarm.AlarmName === name)
    const [group] = Object.values(template.findResources('AWS::CodeDeploy::DeploymentGroup'))

    // Assess
    expect(JSON.stringify(named('DynamoDBManager-DynamoDbThrottles')?.Metrics)).toMatch(
      /TableordersTable/,
    )
    const customersThrottles = JSON.stringify(
      named('DynamoDBManager-DynamoDbThrottles-customers')?.Metrics,
    )
    expect(customersThrottles).toMatch(/TablecustomersTable/)
    expect(customersThrottles).toContain('"Value":"BatchWriteItem"')
    expect(named('DynamoDBManager-DynamoDbSystemErrors-customers')).toBeDefined()
    const watched = JSON.stringify(group?.Properties.AlarmConfiguration.Alarms)
    expect(watched).toContain('DynamoDbThrottles')
    expect(watched).not.toContain('customers')
  })

  it("draws each table's capacity, throttles and system errors on the dashboard", () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))
    const body = JSON.stringify(dashboard?.Properties.DashboardBody)

    expect(body).toContain('Read units: customers')
    expect(body).toContain('DynamoDB throttles: customers')
    expect(body).toContain('DynamoDB system errors: customers')
  })
})

describe('the multi-region variant with a tables file', () => {
  const [primary, secondary] = labStacks({ tablesFile: EXAMPLE, variant: 'multi' }).map(
    (stack) => stack && Template.fromStack(stack),
  )

  it("makes every declared table global, with its indexes in each region's replica", () => {
    primary?.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'orders',
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byStatus' })],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: Match.arrayWith([
        Match.objectLike({ Region: 'us-west-2' }),
        Match.objectLike({ Region: 'us-east-1' }),
      ]),
    })
    secondary?.resourceCountIs('AWS::DynamoDB::GlobalTable', 0)
  })

  it("lets the other region's function use its replica and the replica's indexes", () => {
    // The account is the deploy's (CDK_DEFAULT_ACCOUNT): a reference in the template.
    const arn = (resource: string) => ({
      'Fn::Join': [
        '',
        ['arn:aws:dynamodb:us-west-2:', { Ref: 'AWS::AccountId' }, `:table/orders${resource}`],
      ],
    })
    const dynamoDb = statements(secondary as Template).filter(onDynamoDb)

    expect(dynamoDb.map((each) => each.Resource)).toEqual([
      arn(''),
      [arn('/index/byStatus'), arn('/index/byTotal')],
    ])
  })
})

describe('a malformed tables file', () => {
  it.each([
    [
      'bad-type.json',
      {
        tables: [{ name: 'orders', partitionKey: { name: 'pk', type: 'X' } }],
      },
      /^tablesFile: .*bad-type\.json: table "orders", partitionKey\.type: "X" is not a key type; expected S, N or B\.$/,
    ],
    [
      'bad-lsi.json',
      {
        tables: [
          {
            name: 'orders',
            partitionKey: { name: 'pk', type: 'S' },
            localIndexes: [{ name: 'byTotal', sortKey: { name: 'total', type: 'N' } }],
          },
        ],
      },
      /^tablesFile: .*bad-lsi\.json: table "orders", localIndexes: a local index needs a table with a sort key/,
    ],
    ['not-json.json', '{"tables": [', /^tablesFile: .*not-json\.json is not JSON: /],
  ])(
    'stops synth with one line naming the setting, the table and the field: %s',
    (name, content, message) => {
      const file = tablesFile(name, content)

      expect(() => readLabSettings(contextOf({ tablesFile: file }))).toThrow(SettingsError)
      expect(() => readLabSettings(contextOf({ tablesFile: file }))).toThrow(message)
    },
  )

  it("refuses declarations too long for the function's 4 KB environment, in one line", () => {
    // Thirty tables of long names: about 5 KB of TABLES.
    const table = (index: number) => ({
      name: `table-${index}-${'x'.repeat(120)}`,
      partitionKey: { name: 'pk', type: 'S' },
    })
    const file = tablesFile('many.json', { tables: Array.from({ length: 30 }, (_, i) => table(i)) })

    expect(() => singleTemplate({ tablesFile: file })).toThrow(
      /^declaredTables: the function's environment would take about \d+ bytes, over Lambda's 4096: the tables file's declarations \(TABLES\) are too long/,
    )
  })

  it('names the setting and the file when the file is missing', () => {
    expect(() => readLabSettings(contextOf({ tablesFile: 'no-such-tables.json' }))).toThrow(
      /^tablesFile: cannot read "no-such-tables\.json": no such file\.$/,
    )
  })

  it('refuses allowedTables beside a tables file, as the handler refuses ALLOWED_TABLES beside TABLES', () => {
    expect(() =>
      readLabSettings(contextOf({ tablesFile: EXAMPLE, allowedTables: 'customers' })),
    ).toThrow(
      /^allowedTables: set together with tablesFile: declare every table in the tables file instead/,
    )
  })
})

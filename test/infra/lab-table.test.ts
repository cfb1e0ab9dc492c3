import { RemovalPolicy } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { LabTable, type LabTableProps } from '../../infra/constructs/lab-table.js'
import { InvalidPropError } from '../../infra/constructs/prop-checks.js'
import { TABLE } from '../../src/table/definition.js'
import { testStack } from '../support/cdk.js'

function tableTemplate(props: LabTableProps = {}): Template {
  const stack = testStack('eu-west-1')
  new LabTable(stack, 'Table', props)
  return Template.fromStack(stack)
}

describe('LabTable', () => {
  it('is the table of the shared definition: lambda-apigateway, partition key id of type S', () => {
    // Act
    const template = tableTemplate()

    // Assess
    expect(TABLE).toEqual({
      tableName: 'lambda-apigateway',
      partitionKey: { name: 'id', type: 'S' },
    })
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: TABLE.tableName,
      KeySchema: [{ AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey.name, AttributeType: TABLE.partitionKey.type },
      ],
    })
  })

  it('keeps point-in-time recovery on, is protected from deletion and outlives its stack by default', () => {
    const template = tableTemplate()

    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Replicas: [
          Match.objectLike({
            Region: 'eu-west-1',
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      },
    })
  })

  it('takes deletion protection and the removal policy as settings', () => {
    const template = tableTemplate({
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    })

    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: {
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
      },
    })
  })

  it('bills on demand by default, with no capacity to scale', () => {
    const template = tableTemplate()

    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      WriteProvisionedThroughputSettings: Match.absent(),
    })
  })

  it('caps on-demand throughput: writes for the table, reads for each replica', () => {
    // Act
    const template = tableTemplate({
      maxReadRequestUnits: 7,
      maxWriteRequestUnits: 9,
      replicaRegions: ['us-east-1'],
    })

    // Assess
    const replica = (region: string) =>
      Match.objectLike({
        Region: region,
        ReadOnDemandThroughputSettings: { MaxReadRequestUnits: 7 },
      })
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 9 },
      Replicas: Match.arrayWith([replica('us-east-1'), replica('eu-west-1')]),
    })
  })

  it('scales provisioned read and write capacity between the given bounds at the target utilisation', () => {
    // Act
    const template = tableTemplate({
      billing: 'provisioned',
      minReadCapacity: 2,
      maxReadCapacity: 40,
      minWriteCapacity: 3,
      maxWriteCapacity: 30,
      targetUtilizationPercent: 60,
    })

    // Assess
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PROVISIONED',
      WriteProvisionedThroughputSettings: {
        WriteCapacityAutoScalingSettings: {
          MinCapacity: 3,
          MaxCapacity: 30,
          TargetTrackingScalingPolicyConfiguration: { TargetValue: 60 },
        },
      },
      Replicas: [
        Match.objectLike({
          ReadProvisionedThroughputSettings: {
            ReadCapacityAutoScalingSettings: {
              MinCapacity: 2,
              MaxCapacity: 40,
              TargetTrackingScalingPolicyConfiguration: { TargetValue: 60 },
            },
          },
        }),
      ],
    })
  })

  it("bills by the definition's own billing, leaving the other mode's props unused", () => {
    // Act
    const provisioned = tableTemplate({
      definition: { ...TABLE, billing: 'provisioned' },
      billing: 'onDemand',
      maxReadRequestUnits: 7,
      maxReadCapacity: 40,
    })
    const onDemand = tableTemplate({
      definition: { ...TABLE, billing: 'onDemand' },
      billing: 'provisioned',
      maxReadCapacity: 40,
    })

    // Assess
    provisioned.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PROVISIONED',
      Replicas: [
        Match.objectLike({
          ReadOnDemandThroughputSettings: Match.absent(),
          ReadProvisionedThroughputSettings: {
            ReadCapacityAutoScalingSettings: Match.objectLike({ MaxCapacity: 40 }),
          },
        }),
      ],
    })
    onDemand.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      WriteProvisionedThroughputSettings: Match.absent(),
    })
  })

  it('has the indexes, projections and time to live of its definition', () => {
    const template = tableTemplate({
      definition: {
        tableName: 'orders',
        partitionKey: { name: 'pk', type: 'S' },
        sortKey: { name: 'sk', type: 'N' },
        globalIndexes: [
          {
            name: 'byStatus',
            partitionKey: { name: 'status', type: 'S' },
            projection: { include: ['total'] },
          },
        ],
        localIndexes: [{ name: 'byDate', sortKey: { name: 'date', type: 'S' }, projection: 'ALL' }],
        ttlAttribute: 'expiresAt',
      },
    })

    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'orders',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byDate',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'date', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    })
  })

  it('becomes a global table with a protected, recoverable replica in each named region', () => {
    // Act
    const template = tableTemplate({ replicaRegions: ['us-east-1', 'ap-southeast-2'] })

    // Assess
    const replica = (region: string) =>
      Match.objectLike({
        Region: region,
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      })
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: Match.arrayWith([
        replica('us-east-1'),
        replica('ap-southeast-2'),
        replica('eu-west-1'),
      ]),
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    })
  })
})

describe('LabTable props', () => {
  it.each([
    [{ minReadCapacity: 0 }, /^minReadCapacity: expected a whole number from 1 to 40000, got 0\.$/],
    [
      { maxReadCapacity: 2.5 },
      /^maxReadCapacity: expected a whole number from 1 to 40000, got 2\.5\.$/,
    ],
    [{ minWriteCapacity: -1 }, /^minWriteCapacity: expected a whole number from 1 to 40000/],
    [{ maxWriteCapacity: 40_001 }, /^maxWriteCapacity: expected a whole number from 1 to 40000/],
    [
      { targetUtilizationPercent: 19 },
      /^targetUtilizationPercent: expected a whole number from 20 to 90, got 19\.$/,
    ],
    [
      { targetUtilizationPercent: 91 },
      /^targetUtilizationPercent: expected a whole number from 20 to 90/,
    ],
    [
      { maxReadRequestUnits: 0 },
      /^maxReadRequestUnits: expected a whole number from 1 to 40000, got 0\.$/,
    ],
    [{ maxWriteRequestUnits: 40_001 }, /^maxWriteRequestUnits: expected a whole number from 1 to/],
    [
      { billing: 'provisioned' as const, maxWriteRequestUnits: 100 },
      /^maxWriteRequestUnits: applies to on-demand billing only: remove it, or set billing to onDemand\.$/,
    ],
    [
      { replicaRegions: ['us-east-1', 'Frankfurt'] },
      /^replicaRegions: "Frankfurt" is not an AWS region name/,
    ],
  ])('refuses a prop out of its range, naming the prop: %o', (props, message) => {
    expect(() => tableTemplate(props)).toThrow(InvalidPropError)
    expect(() => tableTemplate(props)).toThrow(message)
  })

  it('takes both ends of each range', () => {
    const template = tableTemplate({
      billing: 'provisioned',
      minReadCapacity: 1,
      maxReadCapacity: 40_000,
      minWriteCapacity: 1,
      maxWriteCapacity: 40_000,
      targetUtilizationPercent: 90,
    })

    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      WriteProvisionedThroughputSettings: {
        WriteCapacityAutoScalingSettings: Match.objectLike({ MinCapacity: 1, MaxCapacity: 40_000 }),
      },
    })
  })
})

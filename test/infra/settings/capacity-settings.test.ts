import { type App, Stack } from 'aws-cdk-lib'
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { addLabStacks } from '../../../infra/lab-app.js'
import { readLabSettings } from '../../../infra/settings/lab-settings.js'
import { SettingsError } from '../../../infra/settings/settings-reader.js'
import { testApp } from '../../support/cdk.js'
import { contextOf, multiRegion } from './contexts.js'

function labApp(context: Record<string, unknown>): App {
  const app = testApp()
  addLabStacks(app, readLabSettings(contextOf(context)))
  return app
}

function stackOf(app: App, name: string): Stack {
  return app.node.findChild(name) as Stack
}

/** The on-demand caps of the one table of a stack: writes of the table, reads of each replica. */
function onDemandCaps(stack: Stack): { writes: unknown; readsByRegion: Record<string, unknown> } {
  const [table] = Object.values(
    Template.fromStack(stack).findResources('AWS::DynamoDB::GlobalTable'),
  )
  const props = (table as { Properties: Record<string, unknown> }).Properties as {
    WriteOnDemandThroughputSettings?: { MaxWriteRequestUnits: number }
    Replicas: Array<{
      Region: string
      ReadOnDemandThroughputSettings?: { MaxReadRequestUnits: number }
    }>
  }
  return {
    writes: props.WriteOnDemandThroughputSettings?.MaxWriteRequestUnits,
    readsByRegion: Object.fromEntries(
      props.Replicas.map((each) => [
        each.Region,
        each.ReadOnDemandThroughputSettings?.MaxReadRequestUnits,
      ]),
    ),
  }
}

const threeRegions = {
  ...multiRegion,
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
  certificateArns: {
    ...multiRegion.certificateArns,
    'eu-west-1': 'arn:aws:acm:eu-west-1:111122223333:certificate/c',
  },
}

describe('on-demand capacity derived from the throttle', () => {
  it('caps reads at the stage rate plus the health probes, writes at the stage rate, by default', () => {
    // Act: stage 100/s, 1 unit a request; GET /health 5/s, half a unit a probe (2.5 → 3)
    const caps = onDemandCaps(stackOf(labApp({}), 'DynamoDBManager'))

    // Assess
    expect(caps).toEqual({ writes: 100, readsByRegion: { 'us-east-1': 103 } })
  })

  it('follows a custom throttle and the units a request spends', () => {
    const caps = onDemandCaps(
      stackOf(
        labApp({
          region: 'eu-west-1',
          throttlingRateLimit: 40,
          healthThrottlingRateLimit: 3,
          readUnitsPerRequest: 2,
          writeUnitsPerRequest: 3,
        }),
        'DynamoDBManager',
      ),
    )

    // 40 × 2 + ⌈3 × 0.5⌉ reads; 40 × 3 writes
    expect(caps).toEqual({ writes: 120, readsByRegion: { 'eu-west-1': 82 } })
  })

  it("caps a global table's writes at every region's writes, since each replica takes them all", () => {
    // Act
    const app = labApp({ multiRegion: threeRegions, throttlingRateLimit: 50 })

    // Assess: each region's API writes 50 a second into its replica, replicated into the others
    expect(onDemandCaps(stackOf(app, 'DynamoDBManagerGlobal-us-east-1'))).toEqual({
      writes: 150,
      readsByRegion: { 'us-east-1': 53, 'us-west-2': 53, 'eu-west-1': 53 },
    })
  })

  it('takes maxReadRequestUnits and maxWriteRequestUnits over the derived caps', () => {
    const caps = onDemandCaps(
      stackOf(labApp({ maxReadRequestUnits: '7', maxWriteRequestUnits: 9 }), 'DynamoDBManager'),
    )

    expect(caps).toEqual({ writes: 9, readsByRegion: { 'us-east-1': 7 } })
  })

  it("stays within DynamoDB's default per-table quota", () => {
    const caps = onDemandCaps(
      stackOf(labApp({ throttlingRateLimit: 10_000, readUnitsPerRequest: 8 }), 'DynamoDBManager'),
    )

    expect(caps).toEqual({ writes: 10_000, readsByRegion: { 'us-east-1': 40_000 } })
  })
})

describe('provisioned capacity against the throttle', () => {
  const short = { billing: 'provisioned', throttlingRateLimit: 50, maxReadCapacity: 20 }

  it('refuses reads auto scaling cannot reach, in one line naming the key and the numbers', () => {
    // Act
    const read = () => readLabSettings(contextOf(short))

    // Assess
    expect(read).toThrow(SettingsError)
    expect(read).toThrow(
      /^maxReadCapacity: the API can push 53 read units a second \(throttlingRateLimit 50 × readUnitsPerRequest 1 \+ 3 for GET \/health at healthThrottlingRateLimit 5 × 0\.5\), more than the 20 auto scaling may set: raise maxReadCapacity to 53 or lower throttlingRateLimit, or set capacityCheck to warn\.$/,
    )
  })

  it("counts a global table's replicated writes against maxWriteCapacity", () => {
    const read = () =>
      readLabSettings(
        contextOf({
          billing: 'provisioned',
          throttlingRateLimit: 20,
          maxReadCapacity: 40,
          maxWriteCapacity: 30,
          multiRegion,
        }),
      )

    expect(read).toThrow(
      /^maxWriteCapacity: the API can push 40 write units a second \(throttlingRateLimit 20 × writeUnitsPerRequest 1 × 2 regions, replicated into each\), more than the 30 auto scaling may set: raise maxWriteCapacity to 40 or lower throttlingRateLimit, or set capacityCheck to warn\.$/,
    )
  })

  it('names the default when the maximum was not set', () => {
    expect(() =>
      readLabSettings(
        contextOf({ billing: 'provisioned', throttlingRateLimit: 11, maxReadCapacity: 20 }),
      ),
    ).toThrow(
      /^maxWriteCapacity: the API can push 11 write units .* more than the 10 \(the default\) auto scaling may set/,
    )
  })

  it('warns instead, on the stack that holds the table, with capacityCheck warn', () => {
    // Act
    const app = labApp({ ...short, capacityCheck: 'warn' })

    // Assess
    const annotations = Annotations.fromStack(stackOf(app, 'DynamoDBManager'))
    annotations.hasWarning(
      '*',
      Match.stringLikeRegexp('^maxReadCapacity: the API can push 53 read units a second'),
    )
    annotations.hasWarning(
      '*',
      Match.stringLikeRegexp(
        '^maxWriteCapacity: the API can push 50 write units a second .* raise maxWriteCapacity to 50 or lower throttlingRateLimit\\.(\\s|$)',
      ),
    )
  })

  it('accepts, with no warning, capacity that covers what the API can push', () => {
    // Prepare: 50 × 1 + 3 reads and 50 × 1 × 2 writes
    const context = {
      billing: 'provisioned',
      throttlingRateLimit: 50,
      maxReadCapacity: 53,
      maxWriteCapacity: 100,
      multiRegion,
      variant: 'all',
      capacityCheck: 'warn',
    }

    // Act
    const app = labApp(context)

    // Assess
    for (const stack of app.node.children.filter(Stack.isStack)) {
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('the API can push'))
    }
    expect(() => readLabSettings(contextOf({ ...context, capacityCheck: undefined }))).not.toThrow()
  })
})

import { Token } from 'aws-cdk-lib'
import { ConfigError, type Environment } from '../../src/config/env.js'

/**
 * What the lab's constructs check of their props, as aws-solutions-constructs do: a prop a
 * construct cannot build with stops it with an error naming the prop, whether the value came
 * from code or from the app's settings (which read their keys against the same bounds, see
 * infra/settings/). A value that is a token is resolved at deploy time and passes unchecked.
 */

/** The whole numbers a prop takes, both ends included. */
export interface WholeNumberRange {
  readonly min: number
  readonly max: number
}

/** A prop a construct cannot build with. The message starts with the prop's name. */
export class InvalidPropError extends Error {
  override readonly name = 'InvalidPropError'

  constructor(
    readonly prop: string,
    /** What is wrong with the value, without the prop's name. */
    readonly detail: string,
  ) {
    super(`${prop}: ${detail}`)
  }
}

export function isWholeNumberIn(value: unknown, { min, max }: WholeNumberRange): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

/** What is wrong with a value outside its range, `shown` as it was given. */
export function outOfRange({ min, max }: WholeNumberRange, shown: string): string {
  return `expected a whole number from ${min} to ${max}, got ${shown}.`
}

/** Throws unless a given number prop is a whole number of its range. */
export function checkWholeNumber(
  prop: string,
  value: number | undefined,
  range: WholeNumberRange,
): void {
  if (value === undefined || Token.isUnresolved(value) || isWholeNumberIn(value, range)) return
  throw new InvalidPropError(prop, outOfRange(range, String(value)))
}

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d$/

/** What is wrong with a region's name, if anything. */
export function regionNameProblem(region: string): string | undefined {
  if (Token.isUnresolved(region) || REGION_NAME.test(region)) return undefined
  return `"${region}" is not an AWS region name such as eu-west-1.`
}

/** Throws unless every given region is a region's name. */
export function checkRegionNames(prop: string, regions: readonly string[]): void {
  for (const region of regions) {
    const problem = regionNameProblem(region)
    if (problem !== undefined) throw new InvalidPropError(prop, problem)
  }
}

/**
 * A list prop that becomes one of the handler's environment variables, read as the handler
 * will read it (`readFromEnvironment` is the handler's own reader): throws if the handler
 * would refuse it, so that no stack deploys a function that cannot start.
 */
export function readAsTheHandlerDoes(
  prop: string,
  list: readonly string[],
  readFromEnvironment: (env: Environment, name: string) => string[],
): string[] {
  const known = list.filter((each) => !Token.isUnresolved(each))
  try {
    return readFromEnvironment({ [prop]: known.join(',') }, prop)
  } catch (error) {
    if (error instanceof ConfigError) throw new InvalidPropError(prop, error.detail)
    throw error
  }
}

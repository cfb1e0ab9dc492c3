import { DescribeTableCommand, type TableDescription } from '@aws-sdk/client-dynamodb'
import { ask } from './aws-errors.js'
import type { CheckContext } from './findings.js'

/**
 * The table of that name in a region, or undefined when there is none: asked once however
 * many checks want it.
 */
export function describeTable(
  context: CheckContext,
  region: string,
  name: string,
): Promise<TableDescription | undefined> {
  return context.once(`dynamodb ${region} ${name}`, async () => {
    const answer = await ask(
      'dynamodb:DescribeTable',
      `table ${name} in ${region}`,
      () => context.clients.dynamoDb(region).send(new DescribeTableCommand({ TableName: name })),
      ['ResourceNotFoundException'],
    )
    return answer?.Table
  })
}

import { describe, expect, it } from 'vitest'
import { labTemplates } from './lab-stacks.js'

/** The outputs every stack of either variant has, in every setting. */
const ALWAYS = [
  'ManagerUrl',
  'ApiId',
  'Region',
  'InvokePolicyArn',
  'TableName',
  'FunctionName',
  'AlarmTopicArn',
]
/** The multi-region stacks' own: the health check's id, which its alarm's stack reads. */
const MULTI_REGION_ONLY = ['HealthCheckId']

describe('the outputs of each stack', () => {
  it.each([
    ['IAM auth (the default)', {}, [...ALWAYS, 'ApiGatewayAccountRoleArn']],
    ['API keys', { auth: 'apiKey' }, [...ALWAYS, 'ApiKeyId', 'ApiGatewayAccountRoleArn']],
    [
      'an invoke principal, no account role',
      { invokePrincipal: '123456789012', apiGatewayCloudWatchRole: 'false' },
      [...ALWAYS, 'InvokeRoleArn'],
    ],
    [
      'no auth, an environment, the account role always',
      { auth: 'none', env: 'dev', apiGatewayCloudWatchRole: 'true' },
      [...ALWAYS, 'ApiGatewayAccountRoleArn'],
    ],
  ])('are exactly the stable names, the same in both variants: %s', (_, context, expected) => {
    // Act
    const templates = labTemplates(context)

    // Assess: the logical id is the output's name, with no hash suffix, in every stack.
    expect(templates.size).toBe(3)
    for (const [stackName, template] of templates) {
      const outputs = Object.keys(template.toJSON().Outputs)
      expect({ stackName, outputs: outputs.sort() }).toEqual({
        stackName,
        outputs: [
          ...expected,
          ...(stackName.startsWith('DynamoDBManagerGlobal') ? MULTI_REGION_ONLY : []),
        ].sort(),
      })
    }
  })

  it('names the API, its URL, the region, the policy, the table and the function', () => {
    // Act
    const template = labTemplates({ auth: 'apiKey', env: 'dev' }).get('DynamoDBManager-dev')
    const outputs = template?.toJSON().Outputs as Record<string, { Value: unknown }>

    // Assess
    const value = (id: string) => JSON.stringify(outputs[id]?.Value)
    expect(value('ManagerUrl')).toMatch(/"https:\/\/",\{"Ref":"Api\w+"\},".execute-api.us-east-1."/)
    expect(value('ManagerUrl')).toMatch(/"\/DynamoDBManager"\]\]\}$/)
    expect(value('ApiId')).toMatch(/^\{"Ref":"Api[0-9A-F]{8}"\}$/)
    expect(outputs.Region?.Value).toBe('us-east-1')
    expect(value('InvokePolicyArn')).toMatch(/^\{"Ref":"InvokePolicy[0-9A-F]{8}"\}$/)
    expect(value('TableName')).toMatch(/^\{"Ref":"Table[0-9A-F]{8}"\}$/)
    expect(value('FunctionName')).toMatch(/^\{"Ref":"ServiceFunction[0-9A-F]{8}"\}$/)
    expect(value('ApiKeyId')).toMatch(/^\{"Ref":"ApiApiKey[0-9A-F]{8}"\}$/)
  })
})

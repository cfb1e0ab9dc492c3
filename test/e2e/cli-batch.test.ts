import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TABLE } from '../../src/table/definition.js'
import { afterTest } from '../support/after-test.js'
import { startCaptureServer } from '../support/capture-server.js'
import { runCliInProcess } from '../support/cli-io.js'
import { type LocalStackProcess, startLocalStackProcess } from '../support/local-stack-process.js'

const table = TABLE.tableName

describe('batch-write and batch-read against the local stack', () => {
  let stack: LocalStackProcess

  beforeAll(async () => {
    stack = await startLocalStackProcess()
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
  })

  it('writes and deletes in one batch-write, and batch-read reads back what is there', async () => {
    // Prepare
    const url = ['--url', stack.url.href]
    await runCliInProcess(['create', '--item', '{"id": "batch-cli-3"}', ...url])
    const writes = {
      [table]: [
        { PutRequest: { Item: { id: 'batch-cli-1', n: 1 } } },
        { PutRequest: { Item: { id: 'batch-cli-2', name: 'Bob' } } },
        { DeleteRequest: { Key: { id: 'batch-cli-3' } } },
      ],
    }

    // Act
    const written = await runCliInProcess([
      'batch-write',
      '--request-items',
      JSON.stringify(writes),
      ...url,
    ])
    const read = await runCliInProcess(['batch-read', ...url], {
      stdin: JSON.stringify({
        RequestItems: {
          [table]: { Keys: [{ id: 'batch-cli-1' }, { id: 'batch-cli-2' }, { id: 'batch-cli-3' }] },
        },
      }),
    })

    // Assess
    expect(written).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(written.stdout)).toEqual({ UnprocessedItems: {} })
    expect(read).toMatchObject({ code: 0, stderr: '' })
    const answer = JSON.parse(read.stdout) as {
      Responses: Record<string, Array<{ id: string }>>
      UnprocessedKeys: object
    }
    expect(answer.UnprocessedKeys).toEqual({})
    expect(answer.Responses[table]?.map((item) => item.id).sort()).toEqual([
      'batch-cli-1',
      'batch-cli-2',
    ])
  })

  it('refuses a batch naming a key twice, with exit 1, and writes nothing', async () => {
    // Act
    const run = await runCliInProcess([
      'batch-write',
      '--request-items',
      JSON.stringify({
        [table]: [
          { PutRequest: { Item: { id: 'batch-cli-twice' } } },
          { PutRequest: { Item: { id: 'batch-cli-twice', again: true } } },
        ],
      }),
      '--url',
      stack.url.href,
    ])
    const read = await runCliInProcess([
      'read',
      '--key',
      '{"id": "batch-cli-twice"}',
      '--url',
      stack.url.href,
    ])

    // Assess
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^An error occurred \(\w+, HTTP 400\) when calling the batch-write operation/,
    )
    expect(read.code).toBe(1)
  })
})

describe('batch-write and batch-read when some were not done', () => {
  it.each([
    {
      command: 'batch-write',
      answer: {
        UnprocessedItems: {
          orders: [
            { PutRequest: { Item: { pk: 'a', sk: '1' } } },
            { DeleteRequest: { Key: { pk: 'a', sk: '2' } } },
          ],
          [table]: [{ PutRequest: { Item: { id: '1' } } }],
        },
      },
      says: `serverless-lab batch-write: 3 requests not done (orders: 2, ${table}: 1), listed in the answer's UnprocessedItems`,
    },
    {
      command: 'batch-read',
      answer: {
        Responses: { orders: [] },
        UnprocessedKeys: { orders: { Keys: [{ pk: 'a', sk: '1' }] } },
      },
      says: `serverless-lab batch-read: 1 key not done (orders: 1), listed in the answer's UnprocessedKeys`,
    },
  ])(
    '$command prints the answer, says what was not done and exits 3',
    async ({ command, answer, says }) => {
      // Prepare: a stand-in API that answers with some not done; the table in the environment
      // must not be sent, since the payload names the tables.
      const api = await startCaptureServer({ status: 200, body: JSON.stringify(answer) })
      afterTest(() => api.close())

      // Act
      const run = await runCliInProcess(
        [command, '--request-items', '{"orders": []}', '--url', api.url.href],
        { env: { SERVERLESS_LAB_TABLE: 'other' } },
      )

      // Assess
      expect(run.code).toBe(3)
      expect(JSON.parse(run.stdout)).toEqual(answer)
      expect(run.stderr).toContain(says)
      expect(JSON.parse(api.requests[0]?.body ?? '{}')).not.toHaveProperty('tableName')
    },
  )
})

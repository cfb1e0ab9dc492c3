import { builtinsOf } from './bundle-builtins.js'
import { READ_KEY, TABLE } from './context.js'

/**
 * The floor of a cold start: the least any Node.js function reading the bench's item pays. A
 * script that requires the builtins the bundle requires, then posts one GetItem with
 * node:http and parses the answer: no code of ours and no library (no signing, no
 * validation, no logger; the engine does not check signatures).
 */
export function floorScript(bundleFile: string, endpoint: string): string {
  const builtins = builtinsOf(bundleFile)
  const body = JSON.stringify({ TableName: TABLE, Key: { id: { S: READ_KEY.id } } })
  return `${builtins.map((name) => `require('${name}')\n`).join('')}const request = require('node:http').request(${JSON.stringify(endpoint)}, {
  method: 'POST',
  headers: {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'DynamoDB_20120810.GetItem',
    'x-amz-date': '20260101T000000Z',
    authorization: 'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  },
}, (response) => {
  let text = ''
  response.setEncoding('utf8')
  response.on('data', (chunk) => { text += chunk })
  response.on('end', () => { if (!JSON.parse(text).Item) { process.stderr.write(text); process.exit(1) } })
})
request.end(${JSON.stringify(body)})
`
}

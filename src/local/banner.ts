import type { LocalConfig } from '../config/local-config.js'
import type { LocalStack } from './local-stack.js'
import { STAGE } from './proxy-event.js'

/** What `npm start` prints once it is ready: where things are, and a request to paste. */
export function printBanner({
  stack,
  local,
  readyMs,
}: {
  stack: LocalStack
  local: LocalConfig
  readyMs: number
}): void {
  const api = new URL(`/${STAGE}/DynamoDBManager`, stack.gateway.url).href
  const endpoint = stack.config.dynamoDbEndpoint?.href.replace(/\/$/, '') ?? 'AWS'
  const storage =
    stack.engine === undefined
      ? 'external'
      : local.dataPath === undefined
        ? 'in memory'
        : local.dataPath
  const lines = [
    `serverless-lab local stack ready in ${Math.round(readyMs)} ms`,
    '',
    `  API        POST ${api}`,
    `  health     GET  ${new URL(`/${STAGE}/health`, stack.gateway.url).href}`,
    `  console    ${stack.gateway.url.href}  (API reference: ${new URL('/docs', stack.gateway.url).href})`,
    `  DynamoDB   ${endpoint} (${stack.engine ? 'embedded engine' : 'DYNAMODB_ENDPOINT'}, data: ${storage})`,
    `  table      ${stack.config.tableName}`,
    '',
    'Try it:',
    `  curl -s -X POST ${api} \\`,
    `    -H 'Content-Type: application/json' \\`,
    `    -d '{"operation":"create","payload":{"Item":{"id":"1","name":"Bob"}}}'`,
    '',
    // The engine takes any credentials, but the AWS CLI wants some, and a region.
    `  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 \\`,
    `    aws dynamodb scan --table-name ${stack.config.tableName} --endpoint-url ${endpoint}`,
    '',
    'Ctrl+C stops it.',
  ]
  console.log(lines.join('\n'))
}

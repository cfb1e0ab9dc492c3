import type { LocalConfig } from '../config/local-config.js'
import { defaultTableOf } from '../config/service-config.js'
import type { KeyAttribute, TableDefinition } from '../table/definition.js'
import type { LocalStack } from './local-stack.js'
import { STAGE } from './proxy-event.js'

export interface BannerFacts {
  readonly stack: Pick<LocalStack, 'engine' | 'watching'> & {
    readonly gateway: Pick<LocalStack['gateway'], 'url'>
    readonly config: Pick<LocalStack['config'], 'dynamoDbEndpoint' | 'tableName' | 'tables'>
  }
  readonly local: Pick<LocalConfig, 'dataPath' | 'apiKey'>
  readonly readyMs: number
}

/** The sample curl's header lines: with an API key set, a request without it gets a 401. */
function curlHeaders(apiKeyRequired: boolean): string[] {
  const headers = [`    -H 'Content-Type: application/json' \\`]
  // The variable, not the key: the banner may end up in a log, the key must not.
  if (apiKeyRequired) headers.push(`    -H "x-api-key: $API_KEY" \\`)
  return headers
}

/**
 * A table in a few words: its keys, its indexes, its TTL attribute (which only AWS applies);
 * `(default)` marks the table a request without `tableName` uses, when there are several.
 */
function tableWords(table: TableDefinition, marked: boolean): string {
  const keys = [table.partitionKey, table.sortKey]
    .filter((key): key is KeyAttribute => key !== undefined)
    .map((key) => `${key.name} (${key.type})`)
  const indexes = [
    ...(table.globalIndexes ?? []).map((index) => `${index.name} (global)`),
    ...(table.localIndexes ?? []).map((index) => `${index.name} (local)`),
  ]
  return [
    `${table.tableName}${marked ? ' (default)' : ''}: key ${keys.join(' + ')}`,
    ...(indexes.length === 0 ? [] : [`indexes ${indexes.join(', ')}`]),
    ...(table.ttlAttribute === undefined ? [] : [`TTL ${table.ttlAttribute} (AWS only)`]),
  ].join('; ')
}

/** One line per table served, the default first. */
function tableLines(tables: readonly TableDefinition[]): string[] {
  const label = tables.length === 1 ? 'table ' : 'tables'
  return tables.map(
    (table, index) =>
      `  ${index === 0 ? label : '      '}     ${tableWords(table, index === 0 && tables.length > 1)}`,
  )
}

/**
 * The sample item of the curl line: the default table's key attributes, each with a value of
 * its type, so that the pasted request works whatever the table's key schema.
 */
function sampleItem(table: TableDefinition): string {
  const value = (key: KeyAttribute) =>
    key.type === 'S' ? '"1"' : key.type === 'N' ? '1' : '{"$B":"AQ=="}'
  const keys = [table.partitionKey, table.sortKey].filter(
    (key): key is KeyAttribute => key !== undefined,
  )
  const names = new Set(keys.map((key) => key.name))
  const attributes = keys.map((key) => `"${key.name}":${value(key)}`)
  if (!names.has('name')) attributes.push('"name":"Bob"')
  return `{${attributes.join(',')}}`
}

/** What `npm start` prints once it is ready: where things are, and a request to paste. */
export function printBanner(facts: BannerFacts): void {
  console.log(bannerText(facts))
}

export function bannerText({ stack, local, readyMs }: BannerFacts): string {
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
    ...tableLines(stack.config.tables),
    '',
    local.apiKey === undefined
      ? 'Try it:'
      : 'Try it (API_KEY set in your shell to the key given to npm start):',
    `  curl -s -X POST ${api} \\`,
    ...curlHeaders(local.apiKey !== undefined),
    `    -d '{"operation":"create","payload":{"Item":${sampleItem(defaultTableOf(stack.config))}}}'`,
    '',
    // The engine takes any credentials, but the AWS CLI wants some, and a region.
    `  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1 \\`,
    `    aws dynamodb scan --table-name ${stack.config.tableName} --endpoint-url ${endpoint}`,
    '',
    ...(stack.watching
      ? [
          'Watching src/: a saved change reloads the handler; the engine, its data and the console stay.',
        ]
      : []),
    'Ctrl+C stops it.',
  ]
  return lines.join('\n')
}

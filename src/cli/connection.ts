import { createClient, type DynamoDBManagerClient } from '../client/client.js'
import { apiKeyAuth, type RequestSigner } from '../client/request-signer.js'
import { sigV4Auth } from '../client/sigv4.js'
import { UsageError } from './exit-codes.js'
import type { OptionHelp } from './help.js'
import type { CliIo } from './io.js'

const DEFAULT_URL = 'http://127.0.0.1:3000'

/** The flags every command takes: where the API is and how to authenticate to it. */
export const connectionOptions = {
  url: { type: 'string' },
  table: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'api-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export const connectionHelp: readonly OptionHelp[] = [
  {
    flag: '--url',
    value: 'URL',
    description: `The API: its endpoint, stage or origin. Default: $SERVERLESS_LAB_URL, else ${DEFAULT_URL} (npm start).`,
  },
  {
    flag: '--table',
    value: 'NAME',
    description: "The table; default $SERVERLESS_LAB_TABLE, else the API's own.",
  },
  {
    flag: '--profile',
    value: 'NAME',
    description: 'Sign requests with SigV4 using this AWS profile (IAM auth of a deployed API).',
  },
  {
    flag: '--region',
    value: 'REGION',
    description:
      "Sign requests with SigV4 for this Region. Default with --profile: the execute-api URL's Region, else $AWS_REGION.",
  },
  {
    flag: '--api-key',
    value: 'KEY',
    description: 'Send this API Gateway API key (x-api-key). Default: $SERVERLESS_LAB_API_KEY.',
  },
  { flag: '-h, --help', description: 'Show the help of the command.' },
]

export interface ConnectionValues {
  readonly url?: string | undefined
  readonly table?: string | undefined
  readonly profile?: string | undefined
  readonly region?: string | undefined
  readonly 'api-key'?: string | undefined
}

/** `abcdef1234.execute-api.eu-west-1.amazonaws.com` → `eu-west-1`. */
function regionOfUrl(url: URL): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1]
}

function chain(first: RequestSigner, second: RequestSigner): RequestSigner {
  return async (request) => second({ ...request, headers: await first(request) })
}

/** The client the flags describe; SigV4 when --profile or --region is given. */
export function clientFromFlags(values: ConnectionValues, io: CliIo): DynamoDBManagerClient {
  const text = values.url ?? io.env.SERVERLESS_LAB_URL ?? DEFAULT_URL
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`--url "${text}" is not a URL, e.g. ${DEFAULT_URL}.`)
  }
  const apiKey = values['api-key'] ?? io.env.SERVERLESS_LAB_API_KEY
  let signer = apiKey === undefined || apiKey === '' ? undefined : apiKeyAuth(apiKey)
  if (values.profile !== undefined || values.region !== undefined) {
    const region =
      values.region ?? regionOfUrl(url) ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION
    if (region === undefined)
      throw new UsageError('SigV4 needs a Region: give --region, or set AWS_REGION.')
    const sigV4 = sigV4Auth({
      region,
      ...(values.profile === undefined ? {} : { profile: values.profile }),
    })
    signer = signer === undefined ? sigV4 : chain(signer, sigV4)
  }
  const tableName = values.table ?? io.env.SERVERLESS_LAB_TABLE
  return createClient({
    url,
    ...(tableName === undefined ? {} : { tableName }),
    ...(signer === undefined ? {} : { signer }),
  })
}

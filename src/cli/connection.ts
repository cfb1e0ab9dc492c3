import { createClient, type DynamoDBManagerClient } from '../client/client.js'
import { DynamoDBManagerError } from '../client/errors.js'
import { apiKeyAuth, type RequestSigner } from '../client/request-signer.js'
import { sigV4Auth } from '../client/sigv4.js'
import { type DeployOutputs, readDeployOutputsSync } from './deploy-outputs.js'
import { SetupError, UsageError } from './exit-codes.js'
import { apiUrl } from './fetch-url.js'
import type { OptionHelp } from './help.js'
import type { CliIo } from './io.js'

const DEFAULT_URL = 'http://127.0.0.1:3000'
/** As the AWS CLI's read timeout: long enough for a cold start and a large page. */
const DEFAULT_TIMEOUT_SECONDS = 60

/** The flags every command takes: where the API is and how to authenticate to it. */
export const connectionOptions = {
  url: { type: 'string' },
  outputs: { type: 'string' },
  stack: { type: 'string' },
  table: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'api-key': { type: 'string' },
  'no-sign': { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export const connectionHelp: readonly OptionHelp[] = [
  {
    flag: '--url',
    value: 'URL',
    description: `The API: its endpoint, stage or origin. Default: the --outputs file's ManagerUrl, else $SERVERLESS_LAB_URL, else ${DEFAULT_URL} (npm start).`,
  },
  {
    flag: '--outputs',
    value: 'FILE',
    description:
      'The JSON "cdk deploy --outputs-file FILE" writes: the URL (ManagerUrl) and the Region to sign for come from it; requests are signed unless an API key is given. Flags override it.',
  },
  {
    flag: '--stack',
    value: 'NAME',
    description: 'The stack of the --outputs file, when it holds several with an API.',
  },
  {
    flag: '--table',
    value: 'NAME',
    description: "The table; default $SERVERLESS_LAB_TABLE, else the API's own.",
  },
  {
    flag: '--profile',
    value: 'NAME',
    description:
      'Sign with SigV4 using this AWS profile. Without it, an execute-api URL is signed with the standard credential chain ($AWS_PROFILE, environment, ~/.aws, SSO, roles).',
  },
  {
    flag: '--region',
    value: 'REGION',
    description:
      "Sign with SigV4 for this Region (for a custom domain). Default: the execute-api URL's Region, else the --outputs file's, else $AWS_REGION or $AWS_DEFAULT_REGION.",
  },
  {
    flag: '--api-key',
    value: 'KEY',
    description:
      'Send this API Gateway API key (x-api-key); an execute-api URL is then not signed. Default: $SERVERLESS_LAB_API_KEY.',
  },
  {
    flag: '--no-sign',
    description: 'Never sign, even an execute-api URL (an API deployed with auth=none).',
  },
  {
    flag: '--timeout',
    value: 'SECONDS',
    description: `How long each request waits for its answer before the command fails (exit 2). Default: $SERVERLESS_LAB_TIMEOUT, else ${DEFAULT_TIMEOUT_SECONDS}; 0 sets no limit.`,
  },
  { flag: '-h, --help', description: 'Show the help of the command.' },
]

export interface ConnectionValues {
  readonly url?: string | undefined
  readonly outputs?: string | undefined
  readonly stack?: string | undefined
  readonly table?: string | undefined
  readonly profile?: string | undefined
  readonly region?: string | undefined
  readonly 'api-key'?: string | undefined
  readonly 'no-sign'?: boolean | undefined
  readonly timeout?: string | undefined
}

/** Where the API is and how requests to it are authenticated, every default applied. */
export interface Connection {
  readonly url: URL
  readonly tableName: string | undefined
  readonly apiKey: string | undefined
  /** Set when requests are signed with SigV4; `profile` only when --profile names one. */
  readonly sigV4: { readonly region: string; readonly profile: string | undefined } | undefined
  /** How long a request may take to be answered; undefined for no limit (--timeout 0). */
  readonly timeoutMs: number | undefined
}

/** `abcdef1234.execute-api.eu-west-1.amazonaws.com` → `eu-west-1`. */
export function regionOfUrl(url: URL): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1]
}

const given = (text: string | undefined) => (text === undefined || text === '' ? undefined : text)

function deployOutputsOf(values: ConnectionValues, apiKey: string | undefined) {
  if (values.outputs === undefined) {
    if (values.stack !== undefined) throw new UsageError('--stack needs --outputs FILE.')
    return undefined
  }
  const outputs = readDeployOutputsSync(values.outputs, values.stack, '--outputs')
  // The key's value is no stack output (outputs are plain text in CloudFormation): the user
  // reads it once with the AWS CLI and passes it in.
  if (outputs.apiKeyId !== undefined && apiKey === undefined)
    throw new UsageError(
      `Stack ${outputs.stackName} takes an API key: get it with "aws apigateway get-api-key --api-key ${outputs.apiKeyId} --include-value --query value --output text" and pass it with --api-key or SERVERLESS_LAB_API_KEY.`,
    )
  return outputs
}

/**
 * Whether to sign, and for which Region. Asked for by --profile or --region on any host;
 * by itself for an execute-api host or a stack's outputs file (IAM auth, the CDK app's
 * default), unless an API key is given (a stack takes one or the other). Never otherwise, so
 * a shell with AWS variables set still talks to `npm start` unsigned.
 */
function signingOf(
  values: ConnectionValues,
  url: URL,
  outputs: DeployOutputs | undefined,
  apiKey: string | undefined,
  io: CliIo,
): Connection['sigV4'] {
  const asked = values.profile !== undefined || values.region !== undefined
  if (values['no-sign']) {
    if (asked) throw new UsageError('--no-sign contradicts --profile and --region: give one.')
    return undefined
  }
  const deployed = regionOfUrl(url) !== undefined || outputs !== undefined
  if (!asked && (!deployed || apiKey !== undefined)) return undefined
  const region =
    values.region ??
    regionOfUrl(url) ??
    outputs?.region ??
    given(io.env.AWS_REGION) ??
    given(io.env.AWS_DEFAULT_REGION)
  if (region === undefined)
    throw new UsageError(
      'SigV4 needs a Region: give --region, or set AWS_REGION (the URL is no execute-api host).',
    )
  return { region, profile: values.profile }
}

/** --timeout (or $SERVERLESS_LAB_TIMEOUT) in milliseconds; 0 is no limit. */
function timeoutOf(values: ConnectionValues, io: CliIo): number | undefined {
  const [text, source] =
    values.timeout !== undefined
      ? [values.timeout, '--timeout']
      : [given(io.env.SERVERLESS_LAB_TIMEOUT), 'SERVERLESS_LAB_TIMEOUT']
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000
  const seconds = Number(text)
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0)
    throw new UsageError(
      `${source} takes a number of seconds, e.g. 30, or 0 for no limit; got "${text}".`,
    )
  return seconds === 0 ? undefined : seconds * 1000
}

/** The connection the flags describe, completed from --outputs and the environment. */
export function connectionOf(values: ConnectionValues, io: CliIo): Connection {
  const apiKey = given(values['api-key'] ?? io.env.SERVERLESS_LAB_API_KEY)
  const outputs = deployOutputsOf(values, apiKey)
  const url =
    values.url === undefined && outputs !== undefined
      ? apiUrl(outputs.managerUrl, `ManagerUrl of ${values.outputs}`)
      : apiUrl(values.url ?? io.env.SERVERLESS_LAB_URL ?? DEFAULT_URL, '--url')
  return {
    url,
    tableName: values.table ?? io.env.SERVERLESS_LAB_TABLE,
    apiKey,
    sigV4: signingOf(values, url, outputs, apiKey, io),
    timeoutMs: timeoutOf(values, io),
  }
}

/** How requests are authenticated, in a few words: `API key`, `SigV4 (eu-west-1)`, … */
export function authLabel({ apiKey, sigV4 }: Connection): string {
  const parts = [
    ...(apiKey === undefined ? [] : ['API key']),
    ...(sigV4 === undefined ? [] : [`SigV4 (${sigV4.region})`]),
  ]
  return parts.length === 0 ? 'no auth' : parts.join(' + ')
}

function chain(first: RequestSigner, second: RequestSigner): RequestSigner {
  return async (request) => second({ ...request, headers: await first(request) })
}

/**
 * SigV4 whose credential failures stop the command: every request would fail alike, so a
 * bulk command must not go on line after line (its own catch takes API errors per line).
 */
function stoppingOnCredentials(signer: RequestSigner): RequestSigner {
  return async (request) => {
    try {
      return await signer(request)
    } catch (error) {
      if (error instanceof DynamoDBManagerError && error.code === 'CredentialsError')
        throw new SetupError(error.message, { cause: error })
      throw error
    }
  }
}

/** The client of a connection. */
export function clientOf({
  url,
  tableName,
  apiKey,
  sigV4,
  timeoutMs,
}: Connection): DynamoDBManagerClient {
  let signer = apiKey === undefined ? undefined : apiKeyAuth(apiKey)
  if (sigV4 !== undefined) {
    const signed = stoppingOnCredentials(
      sigV4Auth({
        region: sigV4.region,
        ...(sigV4.profile === undefined ? {} : { profile: sigV4.profile }),
      }),
    )
    signer = signer === undefined ? signed : chain(signer, signed)
  }
  return createClient({
    url,
    ...(tableName === undefined ? {} : { tableName }),
    ...(signer === undefined ? {} : { signer }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  })
}

/** The client the flags describe; see connectionOf for when it signs. */
export function clientFromFlags(values: ConnectionValues, io: CliIo): DynamoDBManagerClient {
  return clientOf(connectionOf(values, io))
}

import { resolve } from 'node:path'
import {
  ConfigError,
  type Environment,
  isLoopback,
  readListenAddress,
  readPort,
  readString,
} from './env.js'

/** Settings of the local stack (`npm start`) beyond those of the handler. */
export interface LocalConfig {
  /** Port of the local gateway (API Gateway's stand-in). */
  readonly port: number
  /** Address of the local gateway. The engine always listens on 127.0.0.1: it checks no credentials. */
  readonly host: string
  /** Port of the embedded engine's DynamoDB endpoint. */
  readonly dynamoDbPort: number
  /** Absolute LevelDB folder of the embedded engine; undefined keeps data in memory. */
  readonly dataPath: string | undefined
  /** The DATA_DIR value as given, for messages. */
  readonly dataDir: string
  /** The key clients must send in `x-api-key`, as API Gateway's API keys; undefined: none. */
  readonly apiKey: string | undefined
}

const IN_MEMORY = ':memory:'

/** The engine's address: dynalite accepts any signature, so it must not face a network. */
export const ENGINE_HOST = '127.0.0.1'

/** The shortest API key accepted: one that cannot be guessed in any number of tries. */
const MIN_API_KEY_LENGTH = 20

export function loadLocalConfig(env: Environment, cwd: string = process.cwd()): LocalConfig {
  const dataDir = readString(env, 'DATA_DIR') ?? '.data'
  const host = readListenAddress(env, 'HOST', '127.0.0.1')
  const apiKey = readString(env, 'API_KEY')
  if (apiKey !== undefined && apiKey.length < MIN_API_KEY_LENGTH) {
    throw new ConfigError(
      'API_KEY',
      `must be at least ${MIN_API_KEY_LENGTH} characters; generate one with: node -e "console.log(crypto.randomBytes(24).toString('base64url'))"`,
    )
  }
  if (!isLoopback(host) && apiKey === undefined) {
    throw new ConfigError(
      'HOST',
      `listening on ${host} opens the API to the network, so an API key is required: set API_KEY too (clients send it in the x-api-key header).`,
    )
  }
  return {
    port: readPort(env, 'PORT', 3000),
    host,
    dynamoDbPort: readPort(env, 'DYNAMODB_PORT', 8000),
    dataPath: dataDir === IN_MEMORY ? undefined : resolve(cwd, dataDir),
    dataDir,
    apiKey,
  }
}

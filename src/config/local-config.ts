import { resolve } from 'node:path'
import { type Environment, readListenAddress, readPort, readString } from './env.js'

/** Settings of the local stack (`npm start`) beyond those of the handler. */
export interface LocalConfig {
  /** Port of the local gateway (API Gateway's stand-in). */
  readonly port: number
  readonly host: string
  /** Port of the embedded engine's DynamoDB endpoint. */
  readonly dynamoDbPort: number
  /** Absolute LevelDB folder of the embedded engine; undefined keeps data in memory. */
  readonly dataPath: string | undefined
  /** The DATA_DIR value as given, for messages. */
  readonly dataDir: string
}

export const IN_MEMORY = ':memory:'

export function loadLocalConfig(env: Environment, cwd: string = process.cwd()): LocalConfig {
  const dataDir = readString(env, 'DATA_DIR') ?? '.data'
  return {
    port: readPort(env, 'PORT', 3000),
    host: readListenAddress(env, 'HOST', '127.0.0.1'),
    dynamoDbPort: readPort(env, 'DYNAMODB_PORT', 8000),
    dataPath: dataDir === IN_MEMORY ? undefined : resolve(cwd, dataDir),
    dataDir,
  }
}

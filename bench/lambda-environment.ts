import { randomBytes } from 'node:crypto'
import { createSocket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import { dirname } from 'node:path'

/**
 * What Lambda sets for the function (FACTS.md), with active tracing when `daemon` is given:
 * the daemon's address and an invocation's trace header, sampled or not.
 */
export function lambdaEnvironment(
  bundleFile: string,
  daemon?: { address: string; sampled: boolean },
): NodeJS.ProcessEnv {
  const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`
  return {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: dirname(bundleFile),
    _HANDLER: 'index.handler',
    AWS_LAMBDA_FUNCTION_NAME: 'LambdaFunctionOverHttps',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...(daemon && {
      AWS_XRAY_DAEMON_ADDRESS: daemon.address,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=${daemon.sampled ? 1 : 0}`,
    }),
  }
}

export interface StandInDaemon {
  /** AWS_XRAY_DAEMON_ADDRESS */
  readonly address: string
  /** Datagrams received so far. */
  datagrams(): number
  close(): void
}

/** A UDP socket of the bench's own on 127.0.0.1 where the X-Ray daemon would be: it counts what it gets. */
export async function startStandInDaemon(): Promise<StandInDaemon> {
  const socket = createSocket('udp4')
  let datagrams = 0
  socket.on('message', () => {
    datagrams += 1
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  return {
    address: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    datagrams: () => datagrams,
    close: () => socket.close(),
  }
}

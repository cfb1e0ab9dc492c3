import type { Log } from '../core/log.js'
import { createInvocationTracing, type InvocationTracing } from './invocation-tracing.js'
import { daemonSender, daemonUdpAddress } from './xray/daemon-socket.js'

/**
 * Whether this process traces its invocations: on when the function runs on Lambda with
 * active tracing, which gives it the X-Ray daemon's address (AWS_XRAY_DAEMON_ADDRESS). Off
 * when POWERTOOLS_TRACE_ENABLED is `false` (the CDK app sets it when the function's `tracing`
 * setting is false; the name is Powertools' own switch), off in the local stack and in SAM's
 * or Amplify's emulators, which send no traces anywhere.
 */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  return (
    env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false' &&
    Boolean(env.AWS_XRAY_DAEMON_ADDRESS) &&
    Boolean(env.AWS_EXECUTION_ENV) &&
    Boolean(env.LAMBDA_TASK_ROOT) &&
    env.AWS_EXECUTION_ENV !== 'AWS_Lambda_amplify-mock' &&
    !env.AWS_SAM_LOCAL
  )
}

/**
 * The function's tracing when wanted, else undefined: then nothing is built, the DynamoDB
 * client has no observer and no socket is opened. A daemon address that cannot be read, or a
 * daemon that cannot be reached, is logged (once) and the function serves untraced.
 */
export function startTracing(env: NodeJS.ProcessEnv, log: Log): InvocationTracing | undefined {
  if (!tracingWanted(env)) return undefined
  const address = daemonUdpAddress(env.AWS_XRAY_DAEMON_ADDRESS ?? '')
  if (address === undefined) {
    log.warn('AWS_XRAY_DAEMON_ADDRESS is not host:port; serving untraced', {
      AWS_XRAY_DAEMON_ADDRESS: env.AWS_XRAY_DAEMON_ADDRESS,
    })
    return undefined
  }
  const send = daemonSender(address, (error) =>
    log.warn('a trace could not be sent to the X-Ray daemon; later failures are not logged', {
      error,
    }),
  )
  return createInvocationTracing({ send, env })
}

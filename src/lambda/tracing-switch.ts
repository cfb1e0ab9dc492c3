/**
 * Whether this process traces its invocations. Kept apart from the tracer, so that deciding
 * costs nothing: with tracing off the tracer (and the X-Ray SDK under it) is never loaded.
 *
 * On when the function runs on Lambda with active tracing: Lambda then gives it the X-Ray
 * daemon's address (AWS_XRAY_DAEMON_ADDRESS). Off when POWERTOOLS_TRACE_ENABLED is `false`
 * (the CDK app sets it when the function's `tracing` setting is false), off in the local
 * stack and in SAM's or Amplify's emulators, which send no traces anywhere.
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

import { type Command, parseCommandArgs } from '../command.js'
import {
  authLabel,
  clientOf,
  connectionHelp,
  connectionOf,
  connectionOptions,
} from '../connection.js'
import { ExitCode, UsageError } from '../exit-codes.js'
import { formatOptions, paragraph } from '../help.js'
import { KEY_NAME, runSmokeSteps, type StepResult, smokeItemId } from '../smoke-steps.js'

const options = {
  ...connectionOptions,
  // The name smoke first took for --outputs, which every command now has.
  'outputs-file': { type: 'string' },
} as const

function help(): string {
  return [
    'Usage: serverless-lab smoke [options]',
    '',
    paragraph(
      'Checks a deployed (or local) API end to end: GET …/health, a ping, then create, read, update, a conditional create that must conflict (409 ConditionalCheckFailed), delete, and a read that must find nothing, on an item of its own (smoke-<time>-<random>). The item is deleted whenever a create was sent, even after a failed step. One line per step, with its latency; a failed step skips the rest but the delete.',
    ),
    '',
    'Options:',
    formatOptions([{ flag: '--outputs-file', value: 'FILE', description: 'Same as --outputs.' }]),
    '',
    'Connection:',
    formatOptions(connectionHelp),
    '',
    'Examples:',
    '  serverless-lab smoke                                  # npm start, on port 3000',
    '  npx cdk deploy --outputs-file outputs.json && serverless-lab smoke --outputs outputs.json',
    '  serverless-lab smoke --url "$MANAGER_URL" --api-key "$API_KEY"',
    '',
    paragraph(
      'Exit status: 0 every step passed; 1 a step failed for a client error (a 4xx such as a wrong API key, bad flags, no credentials); 2 a server error (a 5xx, no answer, or an answer other than the step expects). The failing step is named on its line and in the last line.',
    ),
    '',
  ].join('\n')
}

function lineOf({ name, outcome, ms, reason }: StepResult): string {
  const latency = ms === undefined ? '' : `${Math.round(ms)} ms`
  const line = `${name.padEnd(9)} ${outcome.padEnd(8)}${latency.padStart(8)}`
  return reason === undefined ? line.trimEnd() : `${line}  ${reason}`
}

/** `serverless-lab smoke`: the API end to end, on an item it always removes. */
export const smokeCommand: Command = {
  name: 'smoke',
  summary: 'Check an API end to end (health, ping, create … delete); exit 0 only if all pass.',
  options,
  help,
  async run(args, io) {
    const { values } = parseCommandArgs('smoke', { args: [...args], options, strict: true })
    if (values.help) {
      io.stdout.write(help())
      return ExitCode.Success
    }
    const { 'outputs-file': outputsFile, ...flags } = values
    if (outputsFile !== undefined && flags.outputs !== undefined)
      throw new UsageError('--outputs-file is another name of --outputs: give one.')
    const connection = connectionOf({ ...flags, outputs: flags.outputs ?? outputsFile }, io)
    const client = clientOf(connection)
    const itemId = smokeItemId()
    io.stdout.write(
      `smoke test of ${client.endpoint.href} (${authLabel(connection)}), item ${itemId}\n`,
    )
    const started = performance.now()
    const { results, itemMayRemain } = await runSmokeSteps(
      client,
      itemId,
      (result) => io.stdout.write(`${lineOf(result)}\n`),
      io.interrupted,
    )
    const totalMs = Math.round(performance.now() - started)
    if (itemMayRemain)
      io.stdout.write(
        `Item ${itemId} may remain: remove it with serverless-lab delete --key '{"${KEY_NAME}": "${itemId}"}' and the same connection flags.\n`,
      )
    const failures = results.filter((result) => result.outcome === 'FAILED')
    const skipped = results.filter((result) => result.outcome === 'skipped').length
    const [first] = failures
    if (first === undefined && io.interrupted.aborted) {
      io.stdout.write(`smoke: interrupted (${skipped} of ${results.length} steps skipped).\n`)
      return ExitCode.Interrupted
    }
    if (first === undefined) {
      io.stdout.write(`smoke: all ${results.length} steps passed in ${totalMs} ms.\n`)
      return ExitCode.Success
    }
    io.stdout.write(
      `smoke: FAILED at ${first.name} (${failures.length} of ${results.length} steps failed, ${skipped} skipped): ${first.reason}\n`,
    )
    return first.exitCode ?? ExitCode.ServerError
  },
}

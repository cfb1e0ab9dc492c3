import { type Command, parseCommandArgs } from '../command.js'
import { clientOf, connectionHelp, connectionOf, connectionOptions } from '../connection.js'
import { ExitCode } from '../exit-codes.js'
import { formatOptions, paragraph } from '../help.js'
import { printJson } from '../io.js'

const options = connectionOptions

function help(): string {
  return [
    'Usage: serverless-lab health [options]',
    '',
    paragraph(
      'GET …/health, next to the endpoint: whether the API can reach its table. It is open (Route 53 probes it), so it is sent without signature or API key: it needs no AWS credentials. Prints the answer, {"status": "ok"}, as JSON.',
    ),
    '',
    'Connection:',
    formatOptions(connectionHelp),
    '',
    'Examples:',
    '  serverless-lab health                                 # npm start, on port 3000',
    '  serverless-lab health --outputs outputs.json          # a deployed stack',
    '',
    paragraph(
      'Exit status: 0 healthy; 2 the table is unreachable (503 ServiceUnavailable) or the API did not answer; 1 a client error (bad flags, or a 4xx such as a wrong URL path).',
    ),
    '',
  ].join('\n')
}

/** `serverless-lab health`: the API's health check, as a load balancer or Route 53 sees it. */
export const healthCommand: Command = {
  name: 'health',
  summary: 'GET …/health: the API is up and reaches its table (no credentials needed).',
  options,
  help,
  async run(args, io) {
    const { values } = parseCommandArgs('health', { args: [...args], options, strict: true })
    if (values.help) {
      io.stdout.write(help())
      return ExitCode.Success
    }
    // The route is open: neither a signature nor a key, so a missing credential cannot fail it.
    const connection = { ...connectionOf(values, io), apiKey: undefined, sigV4: undefined }
    printJson(io, await clientOf(connection).health())
    return ExitCode.Success
  },
}

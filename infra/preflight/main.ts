import { runPreflightCommand } from './run.js'

// `npm run preflight -- [-c KEY=VALUE ...]`: the exit code says whether a deploy may start.
const { code } = await runPreflightCommand(process.argv.slice(2), process)
process.exitCode = code

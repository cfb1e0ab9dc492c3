import { App } from 'aws-cdk-lib'
import { InvalidPropError } from './constructs/prop-checks.js'
import { addLabStacks } from './lab-app.js'
import { loadLabSettings } from './settings/lab-settings.js'
import { SettingsError } from './settings/settings-reader.js'

// The CDK app: `npm run synth`, `npm run deploy`. Settings come from context (see docs/deploy-settings.md).
try {
  const app = new App()
  addLabStacks(
    app,
    loadLabSettings((key) => app.node.tryGetContext(key)),
  )
  app.synth()
} catch (error) {
  // A setting the user can fix is one line naming the key, not a stack trace; the cdk CLI
  // adds its own one line ("…: Subprocess exited with error 1") and exits non-zero.
  if (!(error instanceof SettingsError || error instanceof InvalidPropError)) throw error
  process.stderr.write(`${error.message.replace(/\s*\n\s*/g, ' ')}\n`)
  process.exitCode = 1
}

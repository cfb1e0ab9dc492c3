import { App } from 'aws-cdk-lib'
import { addLabStacks } from './lab-app.js'
import { loadLabSettings } from './settings/lab-settings.js'

// The CDK app: `npm run synth`, `npm run deploy`. Settings come from context (see docs/deploy.md).
const app = new App()
addLabStacks(
  app,
  loadLabSettings((key) => app.node.tryGetContext(key)),
)
app.synth()

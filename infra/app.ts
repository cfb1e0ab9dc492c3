import { App } from 'aws-cdk-lib'
import { addLabStacks } from './lab-app.js'
import { readLabSettings } from './settings/lab-settings.js'
import { withSettingsFile } from './settings/settings-file.js'

// The CDK app: `npm run synth`, `npm run deploy`. Settings come from context (see docs/deploy.md).
const app = new App()
addLabStacks(app, readLabSettings(withSettingsFile((key) => app.node.tryGetContext(key))))
app.synth()

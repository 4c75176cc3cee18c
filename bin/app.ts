// CDK entry point: `cdk synth -c stage=dev|prod` (default dev). Settings come from context, see lib/settings.ts.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from '../lib/settings.js';
import { createSurakshaStack } from '../lib/suraksha-stack.js';

const app = new App();
createSurakshaStack(app, readSettings(app.node));

// Synth fails on any unacknowledged cdk-nag error, so every finding is fixed or acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

// Builds the Suraksha stack the way bin/app.ts does, from context, so each test file synthesizes it once.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readSettings, type Stage } from '../../lib/settings.js';
import { createSurakshaStack, type SurakshaStack } from '../../lib/suraksha-stack.js';

export interface FixtureOptions {
  readonly stage?: Stage;
  /** Run CDK's built-in CloudFormation template validation, as `cdk synth` does; off by default (about 2 s a synth). */
  readonly validateTemplate?: boolean;
}

export interface StackFixture {
  readonly app: App;
  readonly stack: SurakshaStack;
  readonly template: Template;
}

export function synthesizeStack(options: FixtureOptions = {}): StackFixture {
  const app = new App({
    builtinCloudFormationValidation: options.validateTemplate ?? false,
    context: {
      stage: options.stage ?? 'dev',
      // No esbuild: it is the slow part and these tests read only the template (bundling.test.ts bundles).
      'aws:cdk:bundling-stacks': [],
    },
  });
  // No process environment: a developer's CDK_DEFAULT_ACCOUNT must not change what the tests see.
  const stack = createSurakshaStack(app, readSettings(app.node, {}));
  return { app, stack, template: Template.fromStack(stack) };
}

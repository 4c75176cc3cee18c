// Builds the Suraksha stack the way bin/app.ts does, from context, so each test file synthesizes it once.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { readSettings, type Stage } from '../../lib/settings.js';
import { createSurakshaStack, type SurakshaStack } from '../../lib/suraksha-stack.js';

/** What a prod deploy must name (lib/settings.ts); fake, but of the right shape. */
export const PROD_CONTEXT = {
  dltEntityId: '1201000000000000042',
  dltTemplateIds: JSON.stringify(LOCAL_DLT_TEMPLATE_IDS),
  sesFromAddress: 'summary@example.org',
};

/** The optional settings, for tests of what they add. */
export const ALARM_EMAIL_CONTEXT = { alarmEmail: 'ops@example.org' };
export const ACK_DOMAIN_CONTEXT = {
  ackDomainName: 'a.example.org',
  ackCertificateArn: 'arn:aws:acm:ap-south-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab',
};

/** WhatsApp through End User Messaging Social, with the coordinator line its chat refers people to. */
export const WHATSAPP_CONTEXT = {
  whatsappPhoneNumberId: 'phone-number-id-0123456789abcdef0123456789abcdef',
  coordinatorPhone: '+919812345678',
};

export interface FixtureOptions {
  readonly stage?: Stage;
  /** More context, e.g. `{ alarmEmail: ... }`; it overrides the fixture's own. */
  readonly context?: Record<string, unknown>;
  /** Run CDK's built-in CloudFormation template validation, as `cdk synth` does; off by default (about 2 s a synth). */
  readonly validateTemplate?: boolean;
}

export interface StackFixture {
  readonly app: App;
  readonly stack: SurakshaStack;
  readonly template: Template;
}

export function synthesizeStack(options: FixtureOptions = {}): StackFixture {
  const stage = options.stage ?? 'dev';
  const app = new App({
    builtinCloudFormationValidation: options.validateTemplate ?? false,
    context: {
      stage,
      ...(stage === 'prod' ? PROD_CONTEXT : {}),
      // No esbuild: it is the slow part and these tests read only the template (bundling.test.ts bundles).
      'aws:cdk:bundling-stacks': [],
      ...options.context,
    },
  });
  // No process environment: a developer's CDK_DEFAULT_ACCOUNT must not change what the tests see.
  const stack = createSurakshaStack(app, readSettings(app.node, {}));
  return { app, stack, template: Template.fromStack(stack) };
}

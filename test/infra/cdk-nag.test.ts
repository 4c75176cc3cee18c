// cdk-nag 3 reports through CDK's policy-validation plugins, not annotations, so Annotations.fromStack sees
// nothing; validateScope is the pack's documented entry point for tests and honours Validations acknowledgements.
import type { PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ACK_DOMAIN_CONTEXT, ALARM_EMAIL_CONTEXT, type FixtureOptions, synthesizeStack, WHATSAPP_CONTEXT } from './stack-fixture.js';

function describeViolation(violation: PolicyViolation): string {
  const paths = violation.violatingResources.map((resource) => resource.constructPath);
  return `${violation.ruleName} at ${paths.join(', ')}: ${violation.description}`;
}

const STACKS: [string, FixtureOptions][] = [
  ['dev', { stage: 'dev' }],
  ['prod', { stage: 'prod' }],
  ['prod, with an alarm email and an ack domain,', { stage: 'prod', context: { ...ALARM_EMAIL_CONTEXT, ...ACK_DOMAIN_CONTEXT } }],
  ['prod, with WhatsApp,', { stage: 'prod', context: { ...ALARM_EMAIL_CONTEXT, ...WHATSAPP_CONTEXT } }],
];

describe('cdk-nag AwsSolutions', () => {
  test.each(STACKS)('the %s stack has no unacknowledged error or warning', (_name, options) => {
    // Prepare
    const { stack } = synthesizeStack(options);

    // Act
    const { violations } = new AwsSolutionsChecks().validateScope(stack);

    // Assess
    const bySeverity = (severity: string) => violations.filter((violation) => violation.severity === severity).map(describeViolation);
    expect(bySeverity('error')).toEqual([]);
    expect(bySeverity('warning')).toEqual([]);
    expect(violations.map(describeViolation)).toEqual([]); // any other severity the pack may add
  });
});

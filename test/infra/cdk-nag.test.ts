// cdk-nag 3 reports through CDK's policy-validation plugins, not annotations, so Annotations.fromStack sees
// nothing; validateScope is the pack's documented entry point for tests and honours Validations acknowledgements.
import type { PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthesizeStack } from './stack-fixture.js';

function describeViolation(violation: PolicyViolation): string {
  const paths = violation.violatingResources.map((resource) => resource.constructPath);
  return `${violation.ruleName} at ${paths.join(', ')}: ${violation.description}`;
}

describe('cdk-nag AwsSolutions', () => {
  test.each(['dev', 'prod'] as const)('the %s stack has no unacknowledged error or warning', (stage) => {
    // Prepare
    const { stack } = synthesizeStack({ stage });

    // Act
    const { violations } = new AwsSolutionsChecks().validateScope(stack);

    // Assess
    const bySeverity = (severity: string) =>
      violations.filter((violation) => violation.severity === severity).map(describeViolation);
    expect(bySeverity('error')).toEqual([]);
    expect(bySeverity('warning')).toEqual([]);
    expect(violations.map(describeViolation)).toEqual([]); // any other severity the pack may add
  });
});

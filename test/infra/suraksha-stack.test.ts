import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { DEFAULT_REGION } from '../../lib/settings.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once without any account in context or environment, validating as `cdk synth` does.
const { app, stack, template } = synthesizeStack({ stage: 'prod', validateTemplate: true });

describe('Suraksha stack', () => {
  test('is named after the stage', () => {
    expect(stack.stackName).toBe('Suraksha-prod');
  });

  test('targets Mumbai and stays account-agnostic when no account is given', () => {
    expect(stack.region).toBe(DEFAULT_REGION);
    expect(Token.isUnresolved(stack.account)).toBe(true);
  });

  test("passes CDK's built-in CloudFormation template validation", () => {
    // Act
    const report = JSON.parse(readFileSync(join(app.synth().directory, 'validation-report.json'), 'utf8'));

    // Assess
    expect(report.pluginReports).toEqual([]);
  });

  test.each(['ApiUrl', 'TableName', 'UserPoolId', 'UserPoolClientId'])('outputs %s', (name) => {
    template.hasOutput(name, { Value: Match.anyValue() });
  });
});

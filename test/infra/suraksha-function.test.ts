import { Match } from 'aws-cdk-lib/assertions';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; the health function is the first SurakshaFunction in the stack.
const { template } = synthesizeStack();
const NODE_RUNTIME = /^nodejs(\d+)\.x$/;

describe('SurakshaFunction defaults', () => {
  test('runs Node.js 22 or newer on arm64 with active tracing', () => {
    // Prepare
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));

    // Act
    const majors = functions.map((fn) => Number(NODE_RUNTIME.exec(fn.Properties.Runtime)?.[1]));

    // Assess
    expect(majors).not.toHaveLength(0);
    for (const major of majors) expect(major).toBeGreaterThanOrEqual(22);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
  });

  test('names the service for Powertools and turns source maps on', () => {
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'suraksha', NODE_OPTIONS: '--enable-source-maps' }),
      },
    });
  });

  test('logs to its own log group, kept for a month', () => {
    // Prepare
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));

    // Act
    const logGroupIds = functions.map((fn) => fn.Properties.LoggingConfig?.LogGroup?.Ref);

    // Assess
    expect(logGroupIds).not.toHaveLength(0);
    for (const logGroupId of logGroupIds) {
      expect(template.toJSON().Resources[logGroupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
      });
    }
  });

  test('its role carries no AWS managed policy and writes only to its own log group', () => {
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('HealthLogs'), 'Arn'] },
          },
        ]),
      },
    });
  });
});

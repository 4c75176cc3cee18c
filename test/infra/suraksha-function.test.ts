import { Match } from 'aws-cdk-lib/assertions';
import { policyStatementsOf } from './policy-statements.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; every function of the stack is a SurakshaFunction but the provider
// of the AwsCustomResource that sets the account's SMS attributes (lib/sms-delivery-receipts.ts), CDK's own.
const { template } = synthesizeStack();
const NODE_RUNTIME = /^nodejs(\d+)\.x$/;
const allFunctions = template.findResources('AWS::Lambda::Function');
type Resource = (typeof allFunctions)[string];
const isSurakshaFunction = (fn: Resource) => /\(functions\/[\w/-]+\.ts\)$/.test(String(fn.Properties.Description));
const surakshaFunctions = Object.values(allFunctions).filter(isSurakshaFunction);

test('the only function that is not a SurakshaFunction is the SMS attributes custom resource provider', () => {
  // Act
  const others = Object.entries(allFunctions).filter(([, fn]) => !isSurakshaFunction(fn));

  // Assess
  expect(others).toHaveLength(1);
  const [[, provider] = ['', undefined]] = others;
  const role = provider?.Properties.Role['Fn::GetAtt'][0];
  expect(role).toMatch(/^SmsReceiptsSmsAttributesProviderRole/);
});

describe('SurakshaFunction defaults', () => {
  test('runs Node.js 22 or newer on arm64 with active tracing', () => {
    // Prepare
    const functions = Object.values(allFunctions);

    // Act
    const majors = functions.map((fn) => Number(NODE_RUNTIME.exec(fn.Properties.Runtime)?.[1]));

    // Assess
    expect(majors).not.toHaveLength(0);
    for (const major of majors) expect(major).toBeGreaterThanOrEqual(22);
    for (const fn of surakshaFunctions) {
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  test('names the service for Powertools, without source maps (they cost every cold start)', () => {
    expect(surakshaFunctions).not.toHaveLength(0);
    for (const fn of surakshaFunctions) {
      expect(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('suraksha');
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
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

  test('its role carries no AWS managed policy', () => {
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  test('its role writes logs only to its own log group', () => {
    // Prepare
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    const isLogAction = (action: string) => action.startsWith('logs:');

    // Act
    const logStatements = functions.map(([functionId]) =>
      policyStatementsOf(template, functionId).filter((statement) => [statement.Action].flat().some(isLogAction)),
    );

    // Assess
    expect(functions).not.toHaveLength(0);
    functions.forEach(([, fn], index) => {
      expect(logStatements[index]).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [fn.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] },
        },
      ]);
    });
  });
});

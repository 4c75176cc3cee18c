import { functionBuiltFrom } from './functions.js';
import { allowedActionsOf } from './policy-statements.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; the tests below read the schedule, the job and its grants.
const { template } = synthesizeStack();
const resources = template.toJSON().Resources;
const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
const escalation = functionBuiltFrom(template, 'functions/schedule/escalate.ts');
const escalationArn = { 'Fn::GetAtt': [escalation.id, 'Arn'] };
const [ruleId, rule] = Object.entries(
  template.findResources('AWS::Events::Rule', { Properties: { Targets: [{ Arn: escalationArn }] } }),
)[0] ?? [];
const [target] = rule?.Properties.Targets ?? [];
const FIVE_MINUTES = 300;

const isQueue = (arn: { 'Fn::GetAtt': [string, string] }) => resources[arn['Fn::GetAtt'][0]]?.Type === 'AWS::SQS::Queue';

describe('escalation schedule', () => {
  test('runs the escalation job every 5 minutes', () => {
    expect(rule?.Properties).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
  });

  test('may invoke the job, and only from this rule', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: escalationArn,
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  test('retries a failed invocation twice, and gives up before the next run', () => {
    expect(target.RetryPolicy.MaximumRetryAttempts).toBe(2);
    expect(target.RetryPolicy.MaximumEventAgeInSeconds).toBeLessThan(FIVE_MINUTES);
  });

  test('sends an invocation it gave up on to an SQS queue', () => {
    expect(isQueue(target.DeadLetterConfig.Arn)).toBe(true);
  });
});

describe('escalation job', () => {
  test('retries a run that throws at most once, before the next run, then sends it to an SQS queue', () => {
    // Prepare
    const [config] = Object.values(
      template.findResources('AWS::Lambda::EventInvokeConfig', { Properties: { FunctionName: { Ref: escalation.id } } }),
    );

    // Assess
    expect(config?.Properties.MaximumRetryAttempts).toBeLessThanOrEqual(1);
    expect(config?.Properties.MaximumEventAgeInSeconds).toBeLessThan(FIVE_MINUTES);
    expect(isQueue(config?.Properties.DestinationConfig.OnFailure.Destination)).toBe(true);
  });

  test('gets the table and the cursor key from its environment', () => {
    expect(escalation.resource.Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: tableId },
      CURSOR_SECRET: expect.anything(),
    });
  });

  test('may query and write the table, in transactions', () => {
    expect(allowedActionsOf(template, escalation.id)).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem', 'kms:GenerateDataKey*']),
    );
  });

  test('may not publish to SNS: only the notifier sends SMS', () => {
    expect(allowedActionsOf(template, escalation.id).filter((action) => action.startsWith('sns:'))).toEqual([]);
  });
});

import { functionBuiltFrom } from './functions.js';
import { policyStatementsOfRole } from './policy-statements.js';
import { scheduleInvoking } from './schedules.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; the tests below read what every scheduled job shares.
const { template } = synthesizeStack();
const resources = template.toJSON().Resources;

const JOBS = [
  ['escalation job', 'functions/schedule/escalate.ts'],
  ["funders' weekly summary", 'functions/schedule/weekly-summary.ts'],
  ['retention job', 'functions/schedule/retention.ts'],
] as const;

const isQueue = (arn: { 'Fn::GetAtt': [string, string] }) => resources[arn['Fn::GetAtt'][0]]?.Type === 'AWS::SQS::Queue';

describe.each(JOBS)('the %s', (_name, entry) => {
  const job = functionBuiltFrom(template, entry);
  const jobArn = { 'Fn::GetAtt': [job.id, 'Arn'] };
  const { Target: target, ...schedule } = scheduleInvoking(template, job.id).properties;
  const [invokerRoleId] = target.RoleArn['Fn::GetAtt'];
  const [asyncInvokeConfig] = Object.values(
    template.findResources('AWS::Lambda::EventInvokeConfig', { Properties: { FunctionName: { Ref: job.id } } }),
  );

  test('is run by an enabled EventBridge Scheduler schedule, on time rather than within a window', () => {
    expect(schedule).toMatchObject({ State: 'ENABLED', FlexibleTimeWindow: { Mode: 'OFF' } });
  });

  test('is given the instant its run stands for as `time`, so a retried run does the same work', () => {
    expect(JSON.parse(target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
  });

  test("is invoked through a role only this account's EventBridge Scheduler may assume", () => {
    expect(resources[invokerRoleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }) },
      },
    ]);
  });

  test('whose role may invoke this function and write to its dead-letter queue, and nothing else', () => {
    expect(policyStatementsOfRole(template, invokerRoleId)).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [jobArn, { 'Fn::Join': ['', [jobArn, ':*']] }] },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: target.DeadLetterConfig.Arn },
    ]);
  });

  test('is invoked again twice when an invocation fails, then recorded in an SQS queue', () => {
    expect(target.RetryPolicy.MaximumRetryAttempts).toBe(2);
    expect(isQueue(target.DeadLetterConfig.Arn)).toBe(true);
  });

  test('retries a run that throws at most once, then records it in the same queue, giving up at the same age', () => {
    expect(asyncInvokeConfig?.Properties).toMatchObject({
      MaximumEventAgeInSeconds: target.RetryPolicy.MaximumEventAgeInSeconds,
      DestinationConfig: { OnFailure: { Destination: target.DeadLetterConfig.Arn } },
    });
    expect(asyncInvokeConfig?.Properties.MaximumRetryAttempts).toBeLessThanOrEqual(1);
  });
});

import { functionBuiltFrom } from './functions.js';
import { allowedActionsOf } from './policy-statements.js';
import { scheduleInvoking } from './schedules.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; the tests below read the schedule, the job and its grants
// (scheduled-job.test.ts covers what it shares with the other scheduled job).
const { template } = synthesizeStack();
const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
const escalation = functionBuiltFrom(template, 'functions/schedule/escalate.ts');
const schedule = scheduleInvoking(template, escalation.id).properties;
const [asyncInvokeConfig] = Object.values(
  template.findResources('AWS::Lambda::EventInvokeConfig', { Properties: { FunctionName: { Ref: escalation.id } } }),
);
const ONE_MINUTE = 60;

describe('escalation schedule', () => {
  test('runs the escalation job every minute: a deadline is acted on at most 2 minutes late', () => {
    expect(schedule.ScheduleExpression).toBe('rate(1 minute)');
  });

  test('gives up on an invocation or a run once the next run has started (the shortest age Scheduler and Lambda take)', () => {
    expect(schedule.Target.RetryPolicy.MaximumEventAgeInSeconds).toBe(ONE_MINUTE);
    expect(asyncInvokeConfig?.Properties.MaximumEventAgeInSeconds).toBe(ONE_MINUTE);
  });
});

describe('escalation job', () => {
  test('gets the table and the cursor key from its environment', () => {
    expect(escalation.resource.Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: tableId },
      CURSOR_SECRET: expect.anything(),
    });
  });

  test('may query and write the table, in transactions', () => {
    expect(allowedActionsOf(template, escalation.id)).toEqual(
      expect.arrayContaining([
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:ConditionCheckItem',
        'kms:GenerateDataKey*',
      ]),
    );
  });

  test('may not publish to SNS: only the notifier sends SMS', () => {
    expect(allowedActionsOf(template, escalation.id).filter((action) => action.startsWith('sns:'))).toEqual([]);
  });
});

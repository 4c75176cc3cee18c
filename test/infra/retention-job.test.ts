import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import { ROUTE_GROUPS } from '../../functions/http/routes.js';
import { functionBuiltFrom } from './functions.js';
import { allowedActionsOf } from './policy-statements.js';
import { scheduleInvoking } from './schedules.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; the tests below read the retention job, its schedule and its
// grants, and the retention schedule every function is given (scheduled-job.test.ts covers the rest).
const { template } = synthesizeStack();
const retention = functionBuiltFrom(template, 'functions/schedule/retention.ts');
const schedule = scheduleInvoking(template, retention.id).properties;

describe('retention job', () => {
  test('runs daily at 02:30 in Kolkata', () => {
    expect(schedule).toMatchObject({ ScheduleExpression: 'cron(30 2 * * ? *)', ScheduleExpressionTimezone: 'Asia/Kolkata' });
  });

  test('may query the due index and rewrite what it erases', () => {
    expect(allowedActionsOf(template, retention.id)).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem']),
    );
  });

  test.each([
    ['the retention job', 'functions/schedule/retention.ts'],
    ['the notifier (its acknowledgement links)', 'functions/stream/notifier.ts'],
    ['every route group, the privacy notice too', ROUTE_GROUPS.public.entry],
    ['incidents-write (a closed incident’s erasure falls due by it)', ROUTE_GROUPS['incidents-write'].entry],
  ])('%s is given the retention schedule', (_name, entry) => {
    const variables = functionBuiltFrom(template, entry).resource.Properties.Environment.Variables;
    expect(JSON.parse(variables.RETENTION_SCHEDULE)).toEqual(DEFAULT_RETENTION);
  });
});

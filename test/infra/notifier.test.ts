import { Match, type Template } from 'aws-cdk-lib/assertions';
import { NOTIFIER_EVENT_FILTER } from '../../functions/adapters/dynamodb/stream-records.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { DEFAULT_SMS_SENDER_ID, DEV_DLT_ENTITY_ID } from '../../lib/settings.js';
import { functionBuiltFrom } from './functions.js';
import { allowedActionsOf, policyStatementsOf } from './policy-statements.js';
import { scheduleInvoking } from './schedules.js';
import { ALARM_EMAIL_CONTEXT, synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; the tests below read the notifier, its event source, its grants and its alarm.
const { template } = synthesizeStack();
const resources = template.toJSON().Resources;
const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
const [httpApiId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
const notifier = functionBuiltFrom(template, 'functions/stream/notifier.ts');
const [eventSourceMapping] = Object.values(
  template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: notifier.id } } }),
);
const mapping = eventSourceMapping?.Properties;

describe('notifier event source', () => {
  test("reads the table's stream from the oldest record it holds, one batch per shard at a time so an incident's changes stay in order", () => {
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
    });
  });

  test('is invoked only for notices written, by the filter the local stream pump shares', () => {
    expect(mapping.FilterCriteria).toEqual({ Filters: [{ Pattern: JSON.stringify(NOTIFIER_EVENT_FILTER) }] });
  });

  test('retries from the failed record, and halves a failing batch to isolate it', () => {
    expect(mapping).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true });
  });

  test('gives up on a record after 3 to 5 retries or an hour at most', () => {
    expect(mapping.MaximumRetryAttempts).toBeGreaterThanOrEqual(3);
    expect(mapping.MaximumRetryAttempts).toBeLessThanOrEqual(5);
    expect(mapping.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
    expect(mapping.MaximumRecordAgeInSeconds).toBeLessThanOrEqual(3600);
  });

  test('sends what it gave up on to an SQS queue', () => {
    // Prepare
    const [queueId] = mapping.DestinationConfig.OnFailure.Destination['Fn::GetAtt'];

    // Assess
    expect(resources[queueId].Type).toBe('AWS::SQS::Queue');
  });
});

describe('notifier function', () => {
  test('gets the DLT registration and the table from its environment', () => {
    // Prepare
    const variables = notifier.resource.Properties.Environment.Variables;

    // Assess
    expect(variables).toMatchObject({
      SMS_SENDER_ID: DEFAULT_SMS_SENDER_ID,
      DLT_ENTITY_ID: DEV_DLT_ENTITY_ID,
      TABLE_NAME: { Ref: tableId },
      CURSOR_SECRET: expect.anything(),
    });
    expect(JSON.parse(variables.DLT_TEMPLATE_IDS)).toEqual(LOCAL_DLT_TEMPLATE_IDS);
  });

  test("builds acknowledgement links on the API's default endpoint when no ack domain is set", () => {
    // ApiEndpoint is `https://<id>.execute-api.<region>.amazonaws.com`, no trailing slash; the stage is `$default`.
    expect(notifier.resource.Properties.Environment.Variables.ACK_BASE_URL).toEqual({ 'Fn::GetAtt': [httpApiId, 'ApiEndpoint'] });
  });

  test('may read and write the table: it claims notification records and writes acknowledgement tokens', () => {
    expect(allowedActionsOf(template, notifier.id)).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:GenerateDataKey*']),
    );
  });

  test('may publish SMS through SNS, in a policy that allows nothing else', () => {
    // Prepare
    const publishing = policyStatementsOf(template, notifier.id).filter((statement) => [statement.Action].flat().includes('sns:Publish'));
    const [smsPolicy] = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish' })]) } },
      }),
    );

    // Assess
    expect(publishing).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }]);
    expect(smsPolicy?.Properties.PolicyDocument.Statement).toEqual(publishing);
  });
});

describe('sweeper', () => {
  const sweeper = functionBuiltFrom(template, 'functions/schedule/sweep.ts');

  test('runs every minute on EventBridge Scheduler, for the instant the schedule stands for', () => {
    // Act
    const schedule = scheduleInvoking(template, sweeper.id).properties;

    // Assess
    expect(schedule.ScheduleExpression).toBe('rate(1 minute)');
    expect(JSON.parse(schedule.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
  });

  test("sends as the notifier does: the same DLT settings, and the notifier's SMS policy", () => {
    // Prepare
    const publishing = policyStatementsOf(template, sweeper.id).filter((statement) => [statement.Action].flat().includes('sns:Publish'));

    // Assess
    expect(sweeper.resource.Properties.Environment.Variables).toMatchObject(
      Object.fromEntries(
        ['SMS_SENDER_ID', 'DLT_ENTITY_ID', 'DLT_TEMPLATE_IDS', 'ACK_BASE_URL'].map((name) => [
          name,
          notifier.resource.Properties.Environment.Variables[name],
        ]),
      ),
    );
    expect(publishing).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }]);
  });

  test('may read and write the table (it claims notifications and removes delivered notices)', () => {
    expect(allowedActionsOf(template, sweeper.id)).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem']),
    );
  });
});

describe('failed SMS alarm', () => {
  /** The alarm on the count functions/observability/metrics.ts publishes, with Powertools' default `service` dimension. */
  function smsFailedAlarmOf(stack: Template) {
    const alarms = Object.values(stack.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'SmsFailed' } }));
    expect(alarms).toHaveLength(1);
    return alarms[0]?.Properties;
  }

  test('fires when 5 or more SMS fail to send within 15 minutes', () => {
    expect(smsFailedAlarmOf(template)).toMatchObject({
      Namespace: 'Suraksha',
      MetricName: 'SmsFailed',
      Dimensions: [{ Name: 'service', Value: 'suraksha' }],
      Statistic: 'Sum',
      Period: 900,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 5,
      TreatMissingData: 'notBreaching',
    });
  });

  test('watches the service name the notifier publishes its metrics under', () => {
    expect(notifier.resource.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('suraksha');
  });

  test('has no action when no alarm email is set', () => {
    expect(smsFailedAlarmOf(template)?.AlarmActions).toBeUndefined();
  });

  test('notifies the alarm topic when an alarm email is set', () => {
    // Prepare
    const withEmail = synthesizeStack({ context: ALARM_EMAIL_CONTEXT }).template;
    const [topicId] = Object.keys(withEmail.findResources('AWS::SNS::Topic'));

    // Assess
    expect(smsFailedAlarmOf(withEmail)?.AlarmActions).toEqual([{ Ref: topicId }]);
  });
});

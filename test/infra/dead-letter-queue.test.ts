import { Match, type Template } from 'aws-cdk-lib/assertions';
import { required } from '../support/required.js';
import { ALARM_EMAIL_CONTEXT, synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize with and without an alarm email.
const withEmail = synthesizeStack({ context: ALARM_EMAIL_CONTEXT }).template;
const withoutEmail = synthesizeStack().template;

type Arn = { 'Fn::GetAtt': [string, string] };
const idOf = (arn: Arn) => arn['Fn::GetAtt'][0];

/** What this test reads of a resource's properties: where its failures go. */
interface FailureDestinationProperties {
  /** Lambda::EventSourceMapping and Lambda::EventInvokeConfig. */
  DestinationConfig?: { OnFailure?: { Destination?: Arn } };
  /** Scheduler::Schedule. */
  Target?: { DeadLetterConfig?: { Arn?: Arn } };
}

/** Every queue a failure destination names: stream event sources, asynchronous invocations, schedule targets. */
function deadLetterQueueIds(template: Template): string[] {
  const resources = Object.values(template.toJSON().Resources) as { Type: string; Properties: FailureDestinationProperties }[];
  const arns = resources.flatMap(({ Type, Properties }): Arn[] => {
    if (Type === 'AWS::Lambda::EventSourceMapping' || Type === 'AWS::Lambda::EventInvokeConfig') {
      const destination = Properties.DestinationConfig?.OnFailure?.Destination;
      return destination ? [destination] : [];
    }
    if (Type === 'AWS::Scheduler::Schedule') {
      const arn = required(Properties.Target, 'a schedule target').DeadLetterConfig?.Arn;
      return arn ? [arn] : [];
    }
    return [];
  });
  return [...new Set(arns.map(idOf))];
}

function alarmOn(template: Template, queueId: string) {
  const alarms = template.findResources('AWS::CloudWatch::Alarm', {
    Properties: {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    },
  });
  const [alarm] = Object.values(alarms);
  return alarm?.Properties;
}

const QUEUES = deadLetterQueueIds(withEmail);

describe('dead-letter queues', () => {
  test("the notifier, the escalation job and the funders' weekly summary have theirs", () => {
    expect(QUEUES).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Notifier/),
        expect.stringMatching(/^Escalation/),
        expect.stringMatching(/^WeeklySummary/),
      ]),
    );
  });

  test.each(QUEUES)('%s is encrypted and keeps messages 14 days', (queueId) => {
    expect(withEmail.toJSON().Resources[queueId].Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  test.each(QUEUES)('%s refuses requests without TLS', (queueId) => {
    withEmail.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test.each(QUEUES)('%s raises an alarm on its first message', (queueId) => {
    expect(alarmOn(withEmail, queueId)).toMatchObject({
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test.each(QUEUES)("%s's alarm notifies the alarm topic when an alarm email is set", (queueId) => {
    // Prepare
    const [topicId] = Object.keys(withEmail.findResources('AWS::SNS::Topic'));

    // Assess
    expect(alarmOn(withEmail, queueId).AlarmActions).toEqual([{ Ref: topicId }]);
  });

  test.each(deadLetterQueueIds(withoutEmail))("%s's alarm has no action when no alarm email is set", (queueId) => {
    expect(alarmOn(withoutEmail, queueId)).toBeDefined();
    expect(alarmOn(withoutEmail, queueId).AlarmActions).toBeUndefined();
  });
});

describe('alarm topic', () => {
  test('emails the alarm address', () => {
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: ALARM_EMAIL_CONTEXT.alarmEmail });
  });

  test('is encrypted with a rotating key that CloudWatch may use', () => {
    // Prepare
    const [keyId, key] =
      Object.entries(withEmail.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('alarm') } }))[0] ?? [];

    // Assess
    withEmail.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    expect(key?.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: expect.arrayContaining(['kms:GenerateDataKey*', 'kms:Decrypt']),
      }),
    );
  });

  test('takes publications from CloudWatch, over TLS only', () => {
    withEmail.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('does not exist without an alarm email', () => {
    expect(withoutEmail.findResources('AWS::SNS::Topic')).toEqual({});
  });
});

// The notifier (functions/stream/notifier.ts): new and changed incidents from the table's stream in,
// SMS out through SNS with the DLT attributes; batches that still fail land in a dead-letter queue.
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { NOTIFIER_EVENT_FILTER } from '../functions/adapters/dynamodb/stream-records.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { Settings } from './settings.js';
import { SurakshaFunction, serviceMetric } from './suraksha-function.js';
import { giveTableAccess, type TableConnection } from './table-access.js';

export interface NotifierProps extends TableConnection {
  readonly sms: Pick<Settings, 'smsSenderId' | 'dltEntityId' | 'dltTemplateIds'>;
  /** Acknowledgement links are `<ackBaseUrl>/a/<token>` (API.md); no trailing slash. */
  readonly ackBaseUrl: string;
  readonly alarmTopic?: ITopic;
}

export class Notifier extends Construct {
  readonly function: SurakshaFunction;
  readonly deadLetters: DeadLetterQueue;
  readonly smsFailedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id);

    this.function = new SurakshaFunction(this, 'Function', {
      entry: 'functions/stream/notifier.ts',
      description: 'Suraksha notifier: table stream to SMS (functions/stream/notifier.ts)',
      // Seconds normally; a batch whose sends all back off through throttling takes longer, and a
      // timed-out batch is retried whole, which the per-recipient claims make safe.
      timeout: Duration.minutes(2),
      environment: {
        SMS_SENDER_ID: props.sms.smsSenderId,
        DLT_ENTITY_ID: props.sms.dltEntityId,
        DLT_TEMPLATE_IDS: JSON.stringify(props.sms.dltTemplateIds),
        ACK_BASE_URL: props.ackBaseUrl,
      },
    });
    // It claims notification records and writes acknowledgement tokens before it sends.
    giveTableAccess(this.function, props, 'read-write');
    this.grantSmsPublish();

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'notifier stream batches',
      alarmTopic: props.alarmTopic,
    });
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 25,
        // One batch at a time per shard, so the changes of one incident are notified in order.
        parallelizationFactor: 1,
        // The handler reports each failed record; a batch that still fails is halved to isolate the culprit.
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 3,
        // An alert older than this is stale as an SMS; the escalation job acts on the unacknowledged incident.
        maxRecordAge: Duration.hours(1),
        filters: [FilterCriteria.filter(NOTIFIER_EVENT_FILTER)],
        onFailure: new SqsDlq(this.deadLetters.queue),
      }),
    );

    // One SMS that fails (an opted-out or wrong number) is recorded for the coordinators; several in a
    // quarter of an hour are more likely the spending limit, the DLT registrations or SNS itself.
    this.smsFailedAlarm = new Alarm(this, 'SmsFailedAlarm', {
      alarmDescription: 'Suraksha: 5 or more SMS failed to send within 15 minutes; see the notifier logs for the reasons',
      metric: serviceMetric('SmsFailed', { statistic: 'Sum', period: Duration.minutes(15) }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 5,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.smsFailedAlarm.addAlarmAction(new SnsAction(props.alarmTopic));

    Validations.of(this.function.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The stream event source also needs dynamodb:ListStreams, which supports no resource-level permissions; ' +
        "aws-cdk's DynamoEventSource puts it in the role's default policy. Its other stream actions name the table's stream.",
    });
  }

  // SMS to a phone number has no resource to name: Publish with PhoneNumber is authorized against
  // `*` only. So it gets a policy of its own, and the wildcard an acknowledgement of its own.
  private grantSmsPublish(): void {
    const policy = new Policy(this, 'SmsPublish', {
      statements: [new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })],
    });
    policy.attachToRole(this.function.role);
    // Else the first stream batch could race the policy and its SMS be recorded as not authorized.
    this.function.node.addDependency(policy);
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish to a phone number (direct SMS) supports no resource-level permission and no condition key that names ' +
        'the number, so the grant must be on `*`. This policy holds only that action, on the notifier role only.',
    });
  }
}

// Delivering notices (DESIGN.md, "The delivery guarantee"): the notifier on the table's stream is the
// fast path (functions/stream/notifier.ts), the sweeper every minute the safety net
// (functions/schedule/sweep.ts); both send SMS through SNS with the DLT attributes, and WhatsApp
// through End User Messaging Social where the settings name a business phone number. Stream batches
// that still fail land in a dead-letter queue, which is an alarm, not the only copy.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { NOTIFIER_EVENT_FILTER } from '../functions/adapters/dynamodb/stream-records.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { ScheduledJob } from './scheduled-job.js';
import type { Settings, WhatsAppSettings } from './settings.js';
import { SurakshaFunction, serviceMetric } from './suraksha-function.js';
import { giveTableAccess, type TableConnection } from './table-access.js';

export interface NotifierProps extends TableConnection {
  readonly sms: Pick<Settings, 'smsSenderId' | 'dltEntityId' | 'dltTemplateIds'>;
  readonly whatsapp?: WhatsAppSettings | undefined;
  /** Acknowledgement links are `<ackBaseUrl>/a/<token>` (API.md); no trailing slash. */
  readonly ackBaseUrl: string;
  readonly alarmTopic?: ITopic;
}

export class Notifier extends Construct {
  readonly function: SurakshaFunction;
  readonly sweeper: ScheduledJob;
  readonly deadLetters: DeadLetterQueue;
  readonly smsFailedAlarm: Alarm;
  /** What a function that sends as the notifier does needs in its environment (the DLT registration, WhatsApp's number, the link base). */
  readonly messagingEnvironment: Record<string, string>;
  private readonly sending: Policy[];

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id);

    const { whatsapp } = props;
    const environment = {
      SMS_SENDER_ID: props.sms.smsSenderId,
      DLT_ENTITY_ID: props.sms.dltEntityId,
      DLT_TEMPLATE_IDS: JSON.stringify(props.sms.dltTemplateIds),
      ACK_BASE_URL: props.ackBaseUrl,
      ...(whatsapp
        ? {
            WHATSAPP_PHONE_NUMBER_ID: whatsapp.phoneNumberId,
            WHATSAPP_TEMPLATE_NAMES: JSON.stringify(whatsapp.templateNames),
            ...(whatsapp.metaApiVersion ? { WHATSAPP_META_API_VERSION: whatsapp.metaApiVersion } : {}),
          }
        : {}),
    };
    this.messagingEnvironment = environment;
    this.function = new SurakshaFunction(this, 'Function', {
      entry: 'functions/stream/notifier.ts',
      description: 'Suraksha notifier: notices from the table stream to SMS (functions/stream/notifier.ts)',
      // Seconds normally; a batch whose sends all back off through throttling takes longer, and a
      // timed-out batch is retried whole, which the per-recipient leases make safe.
      timeout: Duration.minutes(2),
      environment,
    });
    // It claims notification records and writes acknowledgement tokens before it sends.
    giveTableAccess(this.function, props, 'read-write');

    this.sweeper = new ScheduledJob(this, 'Sweeper', {
      ...props,
      name: 'sweeper',
      entry: 'functions/schedule/sweep.ts',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      runs: 'every minute',
      // It reads the due index and delivers notices as the notifier does.
      tableAccess: 'read-write',
      timeout: Duration.minutes(2),
      // The next run a minute later does the same work.
      giveUpAfter: Duration.minutes(1),
      environment,
    });
    this.sending = [this.smsPublishPolicy(), ...(whatsapp ? [this.whatsAppSendPolicy(whatsapp.phoneNumberId)] : [])];
    this.allowSending(this.function);
    this.allowSending(this.sweeper.function);

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'notifier stream batches',
      alarmTopic: props.alarmTopic,
    });
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        // From the oldest record the stream holds: a mapping created or replaced while reports come in
        // misses none (redelivered ones are harmless: every SMS is claimed once per recipient).
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        // One batch at a time per shard, so the changes of one incident are notified in order.
        parallelizationFactor: 1,
        // The handler reports each failed record; a batch that still fails is halved to isolate the culprit.
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 3,
        // Past this the sweeper, which found the notice a minute after it was planned, has long sent it.
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

  /** Lets another function send as the notifier does (the receipts and WhatsApp events functions tell coordinators). */
  allowSending(sender: SurakshaFunction): void {
    for (const policy of this.sending) {
      policy.attachToRole(sender.role);
      // Else the first stream batch could race the policy and its message be recorded as not authorized.
      sender.node.addDependency(policy);
    }
  }

  /** WhatsApp messages go from the programme's business number only: the grant names that number. */
  private whatsAppSendPolicy(phoneNumberId: string): Policy {
    return new Policy(this, 'WhatsAppSend', {
      statements: [
        new PolicyStatement({
          actions: ['social-messaging:SendWhatsAppMessage'],
          resources: [
            Stack.of(this).formatArn({
              service: 'social-messaging',
              resource: 'phone-number-id',
              // The API names it `phone-number-id-<hex>`; its ARN, `phone-number-id/<hex>`.
              resourceName: phoneNumberId.replace(/^phone-number-id-/, ''),
            }),
          ],
        }),
      ],
    });
  }

  // SMS to a phone number has no resource to name: Publish with PhoneNumber is authorized against
  // `*` only. So it gets a policy of its own, and the wildcard an acknowledgement of its own.
  private smsPublishPolicy(): Policy {
    const policy = new Policy(this, 'SmsPublish', {
      statements: [new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish to a phone number (direct SMS) supports no resource-level permission and no condition key that names ' +
        'the number, so the grant must be on `*`. This policy holds only that action, on the roles of the functions that send SMS ' +
        '(notifier, sweeper, SMS receipts, WhatsApp events) only.',
    });
    return policy;
  }
}

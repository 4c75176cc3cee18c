// Where failed deliveries land: a queue kept 14 days for someone to look at, and an alarm on its first message.
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** What fails into this queue, e.g. "notifier stream batches"; used in the alarm and the cdk-nag reason. */
  readonly holds: string;
  /** Notified when the alarm fires; without it the alarm only shows in the console. */
  readonly alarmTopic?: ITopic;
}

export class DeadLetterQueue extends Construct {
  readonly queue: Queue;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);

    // SQS-managed encryption: the messages are ids, positions and error names, never a child's details,
    // and the senders (Lambda, EventBridge) then need no key grants.
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14), // the SQS maximum: time to notice, investigate and replay
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        `This queue is itself the dead-letter destination of ${props.holds}. Nothing consumes it automatically, ` +
        'so it has no dead-letter queue of its own: an operator reads it after its alarm fires.',
    });

    this.alarm = new Alarm(this, 'NotEmptyAlarm', {
      alarmDescription: `Suraksha: ${props.holds} failed for good and are in the dead-letter queue ${this.queue.queueName}`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.alarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}

// WhatsApp's events (DESIGN.md "Channels"): the WhatsApp Business Account's event destination is an
// SNS topic this stack creates; End User Messaging Social publishes every status of our messages and
// every message people send to it, and the WhatsApp events function (functions/stream/whatsapp-events.ts)
// records the statuses and answers the messages. Naming the topic as the account's event destination
// is a console step (README, "How WhatsApp goes live"): CloudFormation has no resource for it.
//
// The topic carries what people type, so it is encrypted with a key of its own, whose policy lets
// End User Messaging Social (and only for this account) publish through it.
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { Notifier } from './notifier.js';
import { SurakshaFunction } from './suraksha-function.js';
import { giveTableAccess, type TableConnection } from './table-access.js';

export interface WhatsAppEventsProps extends TableConnection {
  /** The function sends (replies, and SMS when a WhatsApp message failed) as the notifier does. */
  readonly notifier: Notifier;
  /** The coordinator line the chat gives whoever cannot report there. */
  readonly coordinatorPhone: string;
  readonly alarmTopic?: ITopic;
}

export class WhatsAppEvents extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  readonly function: SurakshaFunction;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: WhatsAppEventsProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    const service = new ServicePrincipal('social-messaging.amazonaws.com');
    // Only End User Messaging Social acting for this account's resources (the confused-deputy guard).
    const fromThisAccount = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': Stack.of(this).formatArn({ service: 'social-messaging', resource: '*' }) },
    };

    this.key = new Key(this, 'Key', {
      description: 'Encrypts Suraksha WhatsApp events (statuses and what people send) on their SNS topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [service],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    this.topic = new Topic(this, 'Topic', { displayName: 'Suraksha WhatsApp events', masterKey: this.key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [service],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromThisAccount,
      }),
    );

    this.function = new SurakshaFunction(this, 'Function', {
      entry: 'functions/stream/whatsapp-events.ts',
      description:
        'Suraksha WhatsApp events: statuses to notification records, messages to reports and acknowledgements (functions/stream/whatsapp-events.ts)',
      timeout: Duration.minutes(1),
      environment: { ...props.notifier.messagingEnvironment, COORDINATOR_PHONE: props.coordinatorPhone },
    });
    // It records statuses, keeps conversations, reports incidents and acknowledges them.
    giveTableAccess(this.function, props, 'read-write');
    props.notifier.allowSending(this.function);

    // SNS invokes it asynchronously: Lambda retries a failed batch twice (each event is handled once
    // however often it comes), then the batch lands in a queue whose alarm fires.
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { holds: 'WhatsApp event batches', alarmTopic: props.alarmTopic });
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetters.queue),
    });
    this.topic.addSubscription(new LambdaSubscription(this.function));

    new CfnOutput(this, 'TopicArn', {
      description: "Name this SNS topic as the WhatsApp Business Account's event destination in the End User Messaging Social console",
      value: this.topic.topicArn,
    });
  }
}

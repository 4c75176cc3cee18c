// SMS delivery receipts (DESIGN.md "The delivery guarantee"): SNS logs the outcome of each SMS to two
// CloudWatch Logs groups once the account's SMS attributes name a role to write them with; a
// subscription filter on each hands the records to the receipts function, which moves notification
// records from `sent` to `delivered` or `undelivered` (functions/stream/sms-receipts.ts).
//
// SNS would create the log groups itself on first use, without retention; the stack creates them
// first, with a short one, because each record holds the destination number. CloudFormation cannot
// create a log group that already exists: README ("Deploying") says what to do then. The SMS
// attributes are the account's, per region, so one stage per account and region owns them.
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { FilterPattern, LogGroup, RetentionDays, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { AwsCustomResource, AwsCustomResourcePolicy, Logging, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { Notifier } from './notifier.js';
import { SurakshaFunction } from './suraksha-function.js';
import { giveTableAccess, type TableConnection } from './table-access.js';

/** SNS's own names for the SMS delivery status log groups (successes, failures) of an account and region. */
export function smsDeliveryLogGroupNames(region: string, account: string): { success: string; failure: string } {
  const success = `sns/${region}/${account}/DirectPublishToPhoneNumber`;
  return { success, failure: `${success}/Failure` };
}

export interface SmsDeliveryReceiptsProps extends TableConnection {
  /** The receipts function tells coordinators of an undelivered SMS, so it sends SMS as the notifier does. */
  readonly notifier: Notifier;
  readonly alarmTopic?: ITopic;
}

export class SmsDeliveryReceipts extends Construct {
  readonly function: SurakshaFunction;
  readonly successLogs: LogGroup;
  readonly failureLogs: LogGroup;
  /** The role SNS assumes to write the delivery status logs (the account's `DeliveryStatusIAMRole`). */
  readonly deliveryStatusRole: Role;
  readonly smsAttributes: AwsCustomResource;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: SmsDeliveryReceiptsProps) {
    super(scope, id);
    const { region, account } = Stack.of(this);
    const names = smsDeliveryLogGroupNames(region, account);

    // Three days: enough for the function (which reads them within seconds) and for an operator to
    // look at a failure; the destination numbers they hold are not kept longer. They hold nothing
    // else that is personal (no text, no name), so CloudWatch Logs' own encryption suffices.
    const logGroup = (logicalId: string, logGroupName: string) =>
      new LogGroup(this, logicalId, { logGroupName, retention: RetentionDays.THREE_DAYS, removalPolicy: RemovalPolicy.DESTROY });
    this.successLogs = logGroup('SuccessLogs', names.success);
    this.failureLogs = logGroup('FailureLogs', names.failure);

    this.deliveryStatusRole = new Role(this, 'DeliveryStatusRole', {
      description: 'Suraksha: lets SNS write SMS delivery status logs (the account SMS attribute DeliveryStatusIAMRole)',
      // Only SNS acting for this account (the confused-deputy guard).
      assumedBy: new ServicePrincipal('sns.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
    });
    for (const group of [this.successLogs, this.failureLogs]) {
      group.grantWrite(this.deliveryStatusRole);
      // SNS asks to create its group before writing; it exists already, so this only answers "exists".
      this.deliveryStatusRole.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['logs:CreateLogGroup'],
          resources: [
            Stack.of(this).formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: group.logGroupName,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }

    this.function = new SurakshaFunction(this, 'Function', {
      entry: 'functions/stream/sms-receipts.ts',
      description: 'Suraksha SMS receipts: SNS delivery status logs to delivered/undelivered records (functions/stream/sms-receipts.ts)',
      timeout: Duration.minutes(1),
      environment: props.notifier.messagingEnvironment,
    });
    // It reads and rewrites notification records, and claims the coordinators' "could not reach" SMS.
    giveTableAccess(this.function, props, 'read-write');
    props.notifier.allowSending(this.function);

    // CloudWatch Logs invokes it asynchronously: Lambda retries a failed batch twice (the use case is
    // idempotent), then the batch lands in a queue whose alarm fires.
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { holds: 'SMS delivery receipt batches', alarmTopic: props.alarmTopic });
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetters.queue),
    });

    for (const [filterId, group] of [
      ['SuccessReceipts', this.successLogs],
      ['FailureReceipts', this.failureLogs],
    ] as const) {
      new SubscriptionFilter(this, filterId, {
        logGroup: group,
        destination: new LambdaDestination(this.function),
        // Every record: the function reads the status, and a line that is not a status record is skipped.
        filterPattern: FilterPattern.allEvents(),
      });
    }

    this.smsAttributes = this.setSmsAttributes();
  }

  /**
   * The account's SMS attributes for delivery status logging, which CloudFormation has no resource
   * for: the role SNS writes with, and every success logged (failures always are).
   *
   * On delete nothing is called: the attributes stay as they are. They are the account's (per region),
   * not this stack's, so a delete that reset them could switch off another deployment's receipts, and
   * once this role is gone SNS can write nothing with it anyway: nothing is logged, nothing is billed.
   */
  private setSmsAttributes(): AwsCustomResource {
    const setAttributes = {
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: {
        attributes: {
          DeliveryStatusIAMRole: this.deliveryStatusRole.roleArn,
          DeliveryStatusSuccessSamplingRate: '100',
        },
      },
      physicalResourceId: PhysicalResourceId.of(`sms-delivery-status-${Stack.of(this).region}`),
      // The request names a role ARN only, but the response and request stay out of the provider's logs.
      logging: Logging.withDataHidden(),
    };
    const providerLogs = new LogGroup(this, 'SmsAttributesProviderLogs', { retention: RetentionDays.ONE_MONTH });
    const providerRole = new Role(this, 'SmsAttributesProviderRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    providerLogs.grantWrite(providerRole);
    const resource = new AwsCustomResource(this, 'SmsAttributes', {
      onCreate: setAttributes,
      onUpdate: setAttributes,
      role: providerRole,
      logGroup: providerLogs,
      installLatestAwsSdk: false, // deploys need no npm registry; the runtime's SDK has SetSMSAttributes
      timeout: Duration.minutes(2),
      policy: AwsCustomResourcePolicy.fromStatements([
        // SetSMSAttributes supports no resource-level permission: `*` is the narrowest it takes.
        new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
        // Naming a role in the attributes passes it to SNS: this role, to SNS only.
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['iam:PassRole'],
          resources: [this.deliveryStatusRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
        }),
      ]),
    });
    // The logs exist before SNS is told to write them.
    resource.node.addDependency(this.successLogs, this.failureLogs);
    Validations.of(resource).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:SetSMSAttributes supports no resource-level permission, so it is granted on `*`. This policy, on the role of the ' +
        "custom resource that sets the account's SMS delivery status attributes only, holds only that and iam:PassRole on the delivery status role, to SNS.",
    });
    return resource;
  }
}

// A Lambda job on an EventBridge Scheduler schedule (the escalation job, the funders' weekly summary):
// the function with its table access, retries on both sides of the invocation, and a dead-letter queue.
// Scheduler rather than an EventBridge rule because its cron expressions take a time zone.
import { type CfnElement, type Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ContextAttribute, Schedule, type ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { SurakshaFunction } from './suraksha-function.js';
import { giveTableAccess, type TableAccess, type TableConnection } from './table-access.js';

export interface ScheduledJobProps extends TableConnection {
  /** What the job is, e.g. "escalation job"; used in descriptions and the dead-letter alarm. */
  readonly name: string;
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  readonly schedule: ScheduleExpression;
  /** When it runs, in words, e.g. "every 5 minutes"; for the descriptions. */
  readonly runs: string;
  readonly tableAccess: TableAccess;
  readonly timeout: Duration;
  /** Past this, a run not yet done is given up and recorded in the dead-letter queue (1 minute to 6 hours). */
  readonly giveUpAfter: Duration;
  readonly environment?: Record<string, string>;
  readonly alarmTopic?: ITopic;
}

export class ScheduledJob extends Construct {
  readonly function: SurakshaFunction;
  readonly schedule: Schedule;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { holds: `${props.name} runs`, alarmTopic: props.alarmTopic });
    this.function = new SurakshaFunction(this, 'Function', {
      entry: props.entry,
      description: `Suraksha ${props.name}, ${props.runs} (${props.entry})`,
      timeout: props.timeout,
      environment: props.environment,
    });
    giveTableAccess(this.function, props, props.tableAccess);
    // Scheduler invokes asynchronously, so a run that throws is retried by Lambda, not Scheduler:
    // once, and then recorded in the dead-letter queue with the event it was given.
    this.function.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: props.giveUpAfter,
      onFailure: new SqsDestination(this.deadLetters.queue),
    });

    // Not a new "Schedule" child: that id held the EventBridge rule before, and CloudFormation
    // refuses to change the type of a resource in place.
    this.schedule = new Schedule(this, 'EventBridgeSchedule', {
      description: `Suraksha: run the ${props.name}, ${props.runs}`,
      schedule: props.schedule,
      // Scheduler's own retries cover failing to invoke at all (throttling, a deploy in progress).
      target: new LambdaInvoke(this.function, {
        role: this.invokerRole(),
        // The handlers take `time` as the instant a run stands for, as in an EventBridge scheduled event,
        // so a retried run does the same work as the one it retries.
        input: ScheduleTargetInput.fromObject({ time: ContextAttribute.scheduledTime }),
        retryAttempts: 2,
        maxEventAge: props.giveUpAfter,
        deadLetterQueue: this.deadLetters.queue,
      }),
    });
  }

  // Scheduler's role of its own, assumable only for schedules of this account's default group
  // (as the one LambdaInvoke would create), and here so its grant can be acknowledged on it.
  private invokerRole(): Role {
    const stack = Stack.of(this);
    const role = new Role(this, 'InvokerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    const functionArn = `<${stack.getLogicalId(this.function.node.defaultChild as CfnElement)}.Arn>`;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${functionArn}:*]`,
      reason:
        "aws-cdk's invoke grant also names the function's versions and aliases (`:*`). " +
        'It reaches this one function only, and the function publishes no versions.',
    });
    return role;
  }
}

// The escalation job (functions/schedule/escalate.ts) every 5 minutes: unacknowledged incidents past
// their deadline move up the ladder. A run that fails is not chased for long: the next one covers it.
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { SurakshaFunction } from './suraksha-function.js';
import { giveTableAccess, type TableConnection } from './table-access.js';

const ESCALATION_INTERVAL = Duration.minutes(5);
/** Past this, an invocation is given up: by then the next run is about to start and does the same work. */
const GIVE_UP_AFTER = Duration.minutes(4);

export interface EscalationScheduleProps extends TableConnection {
  readonly alarmTopic?: ITopic;
}

export class EscalationSchedule extends Construct {
  readonly function: SurakshaFunction;
  readonly rule: Rule;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: EscalationScheduleProps) {
    super(scope, id);

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'escalation runs',
      alarmTopic: props.alarmTopic,
    });
    this.function = new SurakshaFunction(this, 'Function', {
      entry: 'functions/schedule/escalate.ts',
      description: `Suraksha escalation job, every ${ESCALATION_INTERVAL.toMinutes()} minutes (functions/schedule/escalate.ts)`,
      timeout: Duration.minutes(1),
    });
    // EventBridge invokes asynchronously, so a run that throws is retried by Lambda, not EventBridge:
    // once, within the same 4 minutes, and then recorded in the dead-letter queue.
    this.function.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: GIVE_UP_AFTER,
      onFailure: new SqsDestination(this.deadLetters.queue),
    });
    // It queries the open-incident index and writes each escalation step in a transaction.
    giveTableAccess(this.function, props, 'read-write');

    this.rule = new Rule(this, 'Schedule', {
      description: 'Suraksha: run the escalation job',
      schedule: Schedule.rate(ESCALATION_INTERVAL),
      // EventBridge's own retries cover failing to invoke at all (throttling, a deploy in progress).
      targets: [
        new LambdaFunction(this.function, {
          retryAttempts: 2,
          maxEventAge: GIVE_UP_AFTER,
          deadLetterQueue: this.deadLetters.queue,
        }),
      ],
    });
  }
}

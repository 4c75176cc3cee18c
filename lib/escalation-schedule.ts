// The escalation job (functions/schedule/escalate.ts) every minute: whatever fell due (a ladder step,
// a pre-harm alert, an overdue duty, a reminder) is acted on. Scheduler invokes a rate(1 minute)
// schedule within about a minute, so a deadline is acted on at most 2 minutes late. A run that fails
// is not chased for long: the next one covers it.
import { Duration } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ScheduledJob } from './scheduled-job.js';
import type { TableConnection } from './table-access.js';

const ESCALATION_INTERVAL = Duration.minutes(1);

export interface EscalationScheduleProps extends TableConnection {
  readonly alarmTopic?: ITopic;
}

export class EscalationSchedule extends ScheduledJob {
  constructor(scope: Construct, id: string, props: EscalationScheduleProps) {
    super(scope, id, {
      ...props,
      name: 'escalation job',
      entry: 'functions/schedule/escalate.ts',
      schedule: ScheduleExpression.rate(ESCALATION_INTERVAL),
      runs: 'every minute',
      // It queries the open-incident index and writes each escalation step in a transaction.
      tableAccess: 'read-write',
      timeout: Duration.minutes(1),
      // By then the next run has started and does the same work.
      giveUpAfter: ESCALATION_INTERVAL,
    });
  }
}

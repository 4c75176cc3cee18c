// The retention job (functions/schedule/retention.ts), daily at 02:30 in Kolkata: the personal fields of
// closed incidents whose retention period is over are erased, never under a legal hold. A run that fails
// is retried, and tomorrow's run finds whatever it left.
import { Duration, TimeZone } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ScheduledJob } from './scheduled-job.js';
import type { TableConnection } from './table-access.js';

export interface RetentionJobProps extends TableConnection {
  readonly alarmTopic?: ITopic;
}

export class RetentionJob extends ScheduledJob {
  constructor(scope: Construct, id: string, props: RetentionJobProps) {
    super(scope, id, {
      ...props,
      name: 'retention job',
      entry: 'functions/schedule/retention.ts',
      schedule: ScheduleExpression.cron({ minute: '30', hour: '2', timeZone: TimeZone.ASIA_KOLKATA }),
      runs: 'daily at 02:30 Asia/Kolkata',
      // It reads the due index and rewrites each erased incident and its history.
      tableAccess: 'read-write',
      timeout: Duration.minutes(5),
      // Retrying is safe (an erased field stays erased); past this the next day's run does the work.
      giveUpAfter: Duration.hours(6),
    });
  }
}

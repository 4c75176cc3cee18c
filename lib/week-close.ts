// The week-close job (functions/schedule/week-close.ts), Mondays at 00:05 in Kolkata, as each week
// ends: every village's open incidents at that moment are kept, so the finished week's figures,
// computed at 09:00 or any time later, read the week's own records and this, never the history since.
// A run that fails is retried; one that never ran leaves the weekly job to count the backlog as before.
import { Duration, TimeZone } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ScheduledJob } from './scheduled-job.js';
import type { TableConnection } from './table-access.js';

export interface WeekCloseProps extends TableConnection {
  readonly alarmTopic?: ITopic;
}

export class WeekClose extends ScheduledJob {
  constructor(scope: Construct, id: string, props: WeekCloseProps) {
    super(scope, id, {
      ...props,
      name: 'week-close job',
      entry: 'functions/schedule/week-close.ts',
      schedule: ScheduleExpression.cron({ minute: '5', hour: '0', weekDay: 'MON', timeZone: TimeZone.ASIA_KOLKATA }),
      runs: 'Mondays at 00:05 Asia/Kolkata',
      // It reads each village's open incidents and the minutes of history since the week ended, and keeps one item.
      tableAccess: 'read-write',
      timeout: Duration.minutes(5),
      // Hours later the count is still exact (it reads the history since the week ended), and the 09:00 summary wants it.
      giveUpAfter: Duration.hours(6),
    });
  }
}

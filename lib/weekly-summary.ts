// The funders' weekly summary (functions/schedule/weekly-summary.ts), Mondays at 09:00 in Kolkata: last
// week's figures emailed through SES from an identity this stack creates and may send as, and as nothing else.
import { Duration, TimeZone } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { type DkimRecord, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ScheduledJob } from './scheduled-job.js';
import type { Settings } from './settings.js';
import type { TableConnection } from './table-access.js';

/** Read by the summary job and by GET /metrics/weekly for the weekly SMS cost estimate. */
export function smsPriceEnvironment(pricePerSegmentInr: number): Record<string, string> {
  return { SMS_PRICE_PER_SEGMENT_INR: String(pricePerSegmentInr) };
}

export interface WeeklySummaryProps extends TableConnection {
  readonly settings: Pick<Settings, 'sesFromAddress' | 'sesIdentity' | 'smsPricePerSegmentInr'>;
  readonly alarmTopic?: ITopic;
}

export class WeeklySummary extends ScheduledJob {
  readonly senderIdentity: EmailIdentity;
  /** The CNAME records that verify a domain identity and let SES sign with DKIM; none for an address identity. */
  readonly dkimRecords: readonly DkimRecord[];

  constructor(scope: Construct, id: string, { settings, ...connections }: WeeklySummaryProps) {
    super(scope, id, {
      ...connections,
      name: "funders' weekly summary",
      entry: 'functions/schedule/weekly-summary.ts',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '9', weekDay: 'MON', timeZone: TimeZone.ASIA_KOLKATA }),
      runs: 'Mondays at 09:00 Asia/Kolkata',
      // It reads the week, stores the finished week's figures and claims each (week, funder) email before sending it.
      tableAccess: 'read-write',
      timeout: Duration.minutes(5),
      // Retrying is safe (the claims); a summary hours late is still useful, and after that someone should look.
      giveUpAfter: Duration.hours(2),
      environment: { SES_FROM_ADDRESS: settings.sesFromAddress, ...smsPriceEnvironment(settings.smsPricePerSegmentInr) },
    });

    // A domain is verified by the DKIM records below; an address by the link SES mails to it.
    const { sesIdentity } = settings;
    this.senderIdentity = new EmailIdentity(this, 'SenderIdentity', {
      identity: 'domain' in sesIdentity ? Identity.domain(sesIdentity.domain) : Identity.email(sesIdentity.email),
    });
    this.dkimRecords = 'domain' in sesIdentity ? this.senderIdentity.dkimRecords : [];

    // SES v2 SendEmail is authorised by ses:SendEmail on the identity it sends as (no configuration set here).
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [this.senderIdentity.emailIdentityArn] }));
  }
}

// Composes the Suraksha constructs into one stack per stage.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AckLinkDomain } from './ack-link-domain.js';
import { AlarmTopic } from './alarm-topic.js';
import { ApiRoutes } from './api-routes.js';
import { CursorSecret } from './cursor-secret.js';
import { DataTable } from './data-table.js';
import { EscalationSchedule } from './escalation-schedule.js';
import { SurakshaHttpApi } from './http-api.js';
import { Notifier } from './notifier.js';
import { RetentionJob } from './retention-job.js';
import type { Settings } from './settings.js';
import { SmsDeliveryReceipts } from './sms-delivery-receipts.js';
import { retentionEnvironment } from './table-access.js';
import { UserDirectory } from './user-directory.js';
import { WeekClose } from './week-close.js';
import { smsPriceEnvironment, WeeklySummary } from './weekly-summary.js';
import { WhatsAppEvents } from './whatsapp-events.js';

/** The stack for one stage, named and placed as the settings say; bin/app.ts and the tests share it. */
export function createSurakshaStack(scope: Construct, settings: Settings): SurakshaStack {
  return new SurakshaStack(scope, `Suraksha-${settings.stage}`, {
    settings,
    env: { account: settings.account, region: settings.region },
    description: `Suraksha community child protection backend (${settings.stage})`,
  });
}

export interface SurakshaStackProps extends StackProps {
  readonly settings: Settings;
}

export class SurakshaStack extends Stack {
  readonly data: DataTable;
  readonly users: UserDirectory;
  readonly httpApi: SurakshaHttpApi;
  readonly apiRoutes: ApiRoutes;
  readonly ackLinkDomain: AckLinkDomain | undefined;
  readonly alarmTopic: AlarmTopic | undefined;
  readonly notifier: Notifier;
  readonly smsReceipts: SmsDeliveryReceipts;
  /** Present where the settings name a WhatsApp phone number. */
  readonly whatsAppEvents: WhatsAppEvents | undefined;
  readonly escalation: EscalationSchedule;
  readonly weeklySummary: WeeklySummary;
  readonly retentionJob: RetentionJob;
  readonly weekClose: WeekClose;

  constructor(scope: Construct, id: string, props: SurakshaStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const protectData = settings.stage === 'prod';

    this.data = new DataTable(this, 'Data', { protectData });
    this.users = new UserDirectory(this, 'Users', { protectData });
    this.httpApi = new SurakshaHttpApi(this, 'Http', {
      userPool: this.users.userPool,
      userPoolClients: [this.users.appClient],
    });
    const tableConnection = { table: this.data.table, cursorSecret: new CursorSecret(this, 'CursorSecret'), retention: settings.retention };
    const coordinatorPhone: Record<string, string> = settings.coordinatorPhone ? { COORDINATOR_PHONE: settings.coordinatorPhone } : {};
    this.apiRoutes = new ApiRoutes(this, 'Routes', {
      httpApi: this.httpApi,
      ...tableConnection,
      groupEnvironment: {
        // GET /metrics/weekly estimates the week's SMS cost as the summary job does.
        metrics: smsPriceEnvironment(settings.smsPricePerSegmentInr),
        'ack-links': coordinatorPhone,
        // The privacy notice states the retention periods and whom to call; it reads no table.
        public: { ...retentionEnvironment(settings.retention), ...coordinatorPhone },
      },
    });

    this.ackLinkDomain = settings.ackDomain
      ? new AckLinkDomain(this, 'AckLinks', { httpApi: this.httpApi, ...settings.ackDomain })
      : undefined;
    this.alarmTopic = settings.alarmEmail ? new AlarmTopic(this, 'Alarms', { email: settings.alarmEmail }) : undefined;
    const alarmTopic = this.alarmTopic?.topic;

    this.notifier = new Notifier(this, 'Notifier', {
      ...tableConnection,
      sms: settings,
      whatsapp: settings.whatsapp,
      ackBaseUrl: this.ackLinkDomain?.baseUrl ?? this.httpApi.baseUrl,
      alarmTopic,
    });
    this.smsReceipts = new SmsDeliveryReceipts(this, 'SmsReceipts', { ...tableConnection, notifier: this.notifier, alarmTopic });
    // Settings refuse a WhatsApp number without a coordinator phone: the chat refers people to it.
    this.whatsAppEvents =
      settings.whatsapp && settings.coordinatorPhone
        ? new WhatsAppEvents(this, 'WhatsApp', {
            ...tableConnection,
            notifier: this.notifier,
            coordinatorPhone: settings.coordinatorPhone,
            alarmTopic,
          })
        : undefined;
    this.escalation = new EscalationSchedule(this, 'Escalation', { ...tableConnection, alarmTopic });
    this.weeklySummary = new WeeklySummary(this, 'WeeklySummary', { ...tableConnection, settings, alarmTopic });
    this.retentionJob = new RetentionJob(this, 'Retention', { ...tableConnection, alarmTopic });
    this.weekClose = new WeekClose(this, 'WeekClose', { ...tableConnection, alarmTopic });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.appClient.userPoolClientId });
    if (this.ackLinkDomain) {
      new CfnOutput(this, 'AckDomainCnameTarget', {
        description: `Point a CNAME record for ${this.ackLinkDomain.domainName} at this host name`,
        value: this.ackLinkDomain.cnameTarget,
      });
    }
    this.weeklySummary.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `SesDkimRecord${index + 1}`, {
        description: "Publish this CNAME record (name, type, value) so SES verifies and signs for the summary's sender domain",
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }
}

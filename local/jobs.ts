// The scheduled jobs as they run locally: the same use cases EventBridge invokes in AWS, against
// DynamoDB Local and aws-ses-v2-local. `npm start` runs them on their schedules; `npm run job --
// NAME` runs one now.

import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { DynamoDbTable } from '../functions/adapters/dynamodb/dynamodb-table.js';
import { migrateDataProtection } from '../functions/adapters/table/data-protection-migration.js';
import { migrateLegacyDueIndex } from '../functions/adapters/table/legacy-due-index.js';
import { tableStores } from '../functions/adapters/table/stores.js';
import type { Table } from '../functions/adapters/table/table.js';
import { notifierDependencies } from '../functions/alert-wiring.js';
import type { Stores } from '../functions/domain/ports.js';
import { PRIVACY_NOTICE_PATH } from '../functions/domain/privacy-notice.js';
import type { RetentionSchedule } from '../functions/domain/retention.js';
import { DEFAULT_WHATSAPP_TEMPLATE_NAMES, LOCAL_DLT_TEMPLATE_IDS } from '../functions/domain/sms/templates.js';
import { retentionSchedule } from '../functions/settings.js';
import { createSmsReceiptsHandler } from '../functions/stream/sms-receipts-handler.js';
import { createWhatsAppEventsHandler } from '../functions/stream/whatsapp-events-handler.js';
import { breachScope } from '../functions/use-cases/audit.js';
import { allVillageIds } from '../functions/use-cases/dependencies.js';
import { resyncEveryContact } from '../functions/use-cases/directory.js';
import { runEscalations } from '../functions/use-cases/escalate.js';
import type { NotifierDependencies } from '../functions/use-cases/notify.js';
import { runRetention } from '../functions/use-cases/retention.js';
import { runSweep } from '../functions/use-cases/sweep.js';
import { keepBacklogAtWeekEnd } from '../functions/use-cases/weekly-metrics.js';
import { PROGRAMME_NAME, previewWeeklySummary, sendWeeklySummary } from '../functions/use-cases/weekly-summary.js';
import { httpDependencies, smsPricePerSegmentInr } from '../functions/wiring.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_TABLE_NAME } from './aws-local.js';
import { localCoordinatorPhone } from './demo-programme.js';
import { KeepingMailer } from './email-outbox.js';
import { parseUndelivered } from './outbox-file.js';
import { localSesMailer } from './ses-local.js';
import { LOCAL_SMS_OUTBOX_PATH, SmsOutbox } from './sms-outbox.js';
import { LOCAL_WHATSAPP_OUTBOX_PATH, WhatsAppOutbox } from './whatsapp-outbox.js';

export interface JobOptions {
  /** The instant the run stands for (`--now`); the present by default. */
  now: Date;
  /** For the weekly summary: the ISO week to send (`--week`); last week by default, the current one for a preview. */
  week?: string;
  /** For the weekly summary: to the coordinators, as a preview, instead of the funders (`--preview`). */
  preview?: boolean;
  /** For the breach scope: the window (`--from`, `--to`) and one reader's sub (`--actor`). */
  from?: string;
  to?: string;
  actor?: string;
}

export interface LocalJob {
  /** When `npm start` runs it next after `instant` (EventBridge's schedule in AWS); absent for one-off jobs. */
  nextRunAfter?(instant: Date): Date;
  run(stack: LocalStack, options: JobOptions): Promise<unknown>;
}

/** What the jobs run against: the stores, and the notifier's dependencies (the SMS and WhatsApp outboxes) for the sweeper. */
export interface LocalStack {
  /** The table itself, for the one-off migration. */
  table: Table;
  stores: Stores;
  notifier: NotifierDependencies;
  /** What the business account's SNS topic invokes in AWS: `npm run whatsapp` and the outbox's statuses feed it. */
  whatsAppEvents: ReturnType<typeof createWhatsAppEventsHandler>;
  retention: RetentionSchedule;
}

const MINUTE = 60 * 1000;
const WEEK = 7 * 24 * 3600 * 1000;
/** Monday 09:00 in Asia/Kolkata is Monday 03:30 UTC. */
const FIRST_MONDAY_0330_UTC = Date.UTC(1970, 0, 5, 3, 30);
/** Monday 00:05 in Asia/Kolkata is Sunday 18:35 UTC. */
const FIRST_MONDAY_0005_IST = Date.UTC(1970, 0, 4, 18, 35);
const DAY = 24 * 3600 * 1000;

/** The first instant after `instant` of a schedule that fires every `period` from `first` on. */
const nextAfter = (instant: Date, first: number, period: number) =>
  new Date(first + (Math.floor((instant.getTime() - first) / period) + 1) * period);
const nextMinute = (instant: Date) => nextAfter(instant, 0, MINUTE);
/** 02:30 in Asia/Kolkata is 21:00 UTC the day before. */
const FIRST_2100_UTC = Date.UTC(1970, 0, 1, 21, 0);

export const LOCAL_JOBS: Record<string, LocalJob> = {
  sweep: {
    nextRunAfter: nextMinute,
    run: ({ notifier }, { now }) => runSweep({ ...notifier, clock: () => now }, now),
  },
  escalate: {
    nextRunAfter: nextMinute,
    run: ({ stores }, { now }) => runEscalations(stores, now),
  },
  /** One-off, after upgrading from the first release: its open incidents onto the sharded due index. */
  'migrate-due-index': {
    run: async ({ table, stores }) => ({
      moved: await migrateLegacyDueIndex(table, await allVillageIds(stores.directory)),
    }),
  },
  /** One-off, after upgrading to data protection: closed incidents' erasure dated, linkages listed under their child. */
  /** One-off, after upgrading from before WhatsApp: every contact's phone reference. */
  'migrate-contact-phones': {
    run: async ({ stores }) => ({ contacts: await resyncEveryContact(stores.directory) }),
  },
  'migrate-data-protection': {
    run: async ({ table, stores, retention }) => migrateDataProtection(table, await allVillageIds(stores.directory), retention),
  },
  retention: {
    nextRunAfter: (instant) => nextAfter(instant, FIRST_2100_UTC, DAY),
    run: ({ stores, retention }, { now }) => runRetention({ incidents: stores.incidents, retention }, now),
  },
  /** One-off, for a breach notice: which incidents and linkages the audit records say were read in a window. */
  'breach-scope': {
    run: ({ stores }, { from, to, actor }) => {
      if (!from || !to) throw new Error('breach-scope needs --from and --to');
      return breachScope(stores, { from, to, ...(actor ? { actor } : {}) });
    },
  },
  /** As each week ends: every village's open incidents, kept for the week's figures. */
  'week-close': {
    nextRunAfter: (instant) => nextAfter(instant, FIRST_MONDAY_0005_IST, WEEK),
    run: ({ stores }, { now }) => keepBacklogAtWeekEnd({ ...stores, clock: () => now, pricePerSegmentInr: smsPricePerSegmentInr() }, now),
  },
  'weekly-summary': {
    nextRunAfter: (instant) => nextAfter(instant, FIRST_MONDAY_0330_UTC, WEEK),
    run: ({ stores }, { now, week, preview }) => {
      const deps = {
        ...stores,
        clock: () => now,
        pricePerSegmentInr: smsPricePerSegmentInr(),
        mailer: new KeepingMailer(localSesMailer()),
        programmeName: PROGRAMME_NAME,
      };
      return preview ? previewWeeklySummary(deps, week) : sendWeeklySummary(deps, week);
    },
  },
};

/**
 * The stores on DynamoDB Local and the notifier's dependencies with SMS and WhatsApp to their outboxes
 * and the console; each message's delivery receipt or statuses come back a second later through the
 * same handler as in AWS (`SMS_LOCAL_UNDELIVERED` and `WHATSAPP_LOCAL_UNDELIVERED` name the numbers
 * whose messages are not delivered).
 */
export function localStack(options: {
  endpoint: string;
  cursorSecret: string;
  ackBaseUrl: string;
  log: (line: string) => void;
  undelivered?: readonly string[];
}): LocalStack {
  const table = localTable(options.endpoint);
  const retention = retentionSchedule();
  const stores = tableStores(table, { cursorSecret: options.cursorSecret, retention });
  // The receipts and events handlers need the notifier's dependencies (they may send), which need the outboxes.
  let receipts: ReturnType<typeof createSmsReceiptsHandler> | undefined;
  let whatsAppEvents: ReturnType<typeof createWhatsAppEventsHandler> | undefined;
  const sms = new SmsOutbox(LOCAL_SMS_OUTBOX_PATH, options.log, undefined, {
    handler: async (event, context) => receipts?.(event, context),
    undelivered: options.undelivered ?? parseUndelivered(process.env.SMS_LOCAL_UNDELIVERED),
  });
  const whatsapp = new WhatsAppOutbox(LOCAL_WHATSAPP_OUTBOX_PATH, options.log, undefined, {
    handler: async (event, context) => whatsAppEvents?.(event, context),
    undelivered: parseUndelivered(process.env.WHATSAPP_LOCAL_UNDELIVERED),
  });
  const notifier = notifierDependencies({
    stores,
    sms,
    whatsapp: { sender: whatsapp, templateNames: DEFAULT_WHATSAPP_TEMPLATE_NAMES },
    // Locally the links open on the dev server itself.
    ackBaseUrl: options.ackBaseUrl,
    dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
  });
  receipts = createSmsReceiptsHandler(notifier);
  whatsAppEvents = createWhatsAppEventsHandler({
    notifier,
    chat: {
      ...httpDependencies(stores),
      whatsapp,
      coordinatorPhone: localCoordinatorPhone(),
      privacyUrl: `${options.ackBaseUrl}${PRIVACY_NOTICE_PATH}`,
    },
  });
  return { table, stores, notifier, whatsAppEvents, retention };
}

/** The stack's table on DynamoDB Local. */
export const localTable = (endpoint: string): Table =>
  new DynamoDbTable({
    client: createDocumentClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    tableName: LOCAL_TABLE_NAME,
  });

/** Whether a run's summary counts anything: zeros and empty tallies are nothing. */
const didSomething = (result: unknown): boolean =>
  typeof result !== 'object' ||
  result === null ||
  Object.values(result).some((value) => (typeof value === 'object' ? didSomething(value) : value !== 0));

/** Runs every job on its schedule until stopped; a failed run is reported and the next one goes on. */
export function startScheduler(stack: LocalStack, log: (line: string) => void): () => Promise<void> {
  const timers = new Map<string, NodeJS.Timeout>();
  const plan = (name: string, job: LocalJob) => {
    if (!job.nextRunAfter) return;
    const at = job.nextRunAfter(new Date());
    timers.set(
      name,
      setTimeout(
        () => {
          job.run(stack, { now: at }).then(
            // A run that found nothing to do (the sweeper, most minutes) keeps the console quiet.
            (result) => (didSomething(result) ? log(`job ${name}: ${JSON.stringify(result)}`) : undefined),
            (error: unknown) => log(`job ${name} failed: ${(error as Error).name}`),
          );
          plan(name, job);
        },
        Math.min(at.getTime() - Date.now(), 2 ** 31 - 1),
      ),
    );
  };
  for (const [name, job] of Object.entries(LOCAL_JOBS)) plan(name, job);
  return async () => {
    for (const timer of timers.values()) clearTimeout(timer);
  };
}

// The scheduled jobs as they run locally: the same use cases EventBridge invokes in AWS, against
// DynamoDB Local and aws-ses-v2-local. `npm start` runs them on their schedules; `npm run job --
// NAME` runs one now.

import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { SesMailer } from '../functions/adapters/ses/ses-mailer.js';
import type { Stores } from '../functions/domain/ports.js';
import { runEscalations } from '../functions/use-cases/escalate.js';
import { PROGRAMME_NAME, sendWeeklySummary } from '../functions/use-cases/weekly-summary.js';
import { dynamoDbStores, smsPricePerSegmentInr } from '../functions/wiring.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_TABLE_NAME } from './aws-local.js';
import { localSesClient } from './ses-local.js';

export interface JobOptions {
  /** The instant the run stands for (`--now`); the present by default. */
  now: Date;
  /** For the weekly summary: the ISO week to send (`--week`); last week by default. */
  week?: string;
}

export interface LocalJob {
  /** When `npm start` runs it next after `instant` (EventBridge's schedule in AWS). */
  nextRunAfter(instant: Date): Date;
  run(stores: Stores, options: JobOptions): Promise<unknown>;
}

const FIVE_MINUTES = 5 * 60 * 1000;
const WEEK = 7 * 24 * 3600 * 1000;
/** Monday 09:00 in Asia/Kolkata is Monday 03:30 UTC. */
const FIRST_MONDAY_0330_UTC = Date.UTC(1970, 0, 5, 3, 30);

export const LOCAL_JOBS: Record<string, LocalJob> = {
  escalate: {
    nextRunAfter: (instant) => new Date(Math.floor(instant.getTime() / FIVE_MINUTES) * FIVE_MINUTES + FIVE_MINUTES),
    run: (stores, { now }) => runEscalations(stores, now),
  },
  'weekly-summary': {
    nextRunAfter: (instant) =>
      new Date(FIRST_MONDAY_0330_UTC + (Math.floor((instant.getTime() - FIRST_MONDAY_0330_UTC) / WEEK) + 1) * WEEK),
    run: (stores, { now, week }) =>
      sendWeeklySummary(
        {
          ...stores,
          clock: () => now,
          pricePerSegmentInr: smsPricePerSegmentInr(),
          mailer: new SesMailer({ client: localSesClient(), from: 'Suraksha <summary@suraksha.local>' }),
          programmeName: PROGRAMME_NAME,
        },
        week,
      ),
  },
};

export function localStores(endpoint: string, cursorSecret: string): Stores {
  return dynamoDbStores({
    client: createDocumentClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    tableName: LOCAL_TABLE_NAME,
    cursorSecret,
  });
}

/** Runs every job on its schedule until stopped; a failed run is reported and the next one goes on. */
export function startScheduler(stores: Stores, log: (line: string) => void): () => Promise<void> {
  const timers = new Map<string, NodeJS.Timeout>();
  const plan = (name: string, job: LocalJob) => {
    const at = job.nextRunAfter(new Date());
    timers.set(
      name,
      setTimeout(
        () => {
          job.run(stores, { now: at }).then(
            (result) => log(`job ${name}: ${JSON.stringify(result)}`),
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

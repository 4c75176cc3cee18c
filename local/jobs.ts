// The scheduled jobs as they run locally: the same use cases EventBridge invokes in AWS, against
// DynamoDB Local. `npm start` runs them on their schedules; `npm run job -- NAME` runs one now.
import { DynamoDbStore } from '../functions/adapters/dynamodb/dynamodb-store.js';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { runEscalations } from '../functions/use-cases/escalate.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_TABLE_NAME } from './aws-local.js';

export interface JobOptions {
  /** The instant the run stands for (`--now`); the present by default. */
  now: Date;
}

export interface LocalJob {
  /** How often `npm start` runs it, in milliseconds (EventBridge's rate in AWS). */
  everyMs: number;
  run(store: DynamoDbStore, options: JobOptions): Promise<unknown>;
}

export const LOCAL_JOBS: Record<string, LocalJob> = {
  escalate: { everyMs: 5 * 60 * 1000, run: (store, { now }) => runEscalations(store, now) },
};

export function localStore(endpoint: string, cursorSecret: string): DynamoDbStore {
  return new DynamoDbStore({
    client: createDocumentClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    tableName: LOCAL_TABLE_NAME,
    cursorSecret,
  });
}

/** Runs every job on its schedule until stopped; a failed run is reported and the next one goes on. */
export function startScheduler(store: DynamoDbStore, log: (line: string) => void): () => Promise<void> {
  const timers = Object.entries(LOCAL_JOBS).map(([name, job]) =>
    setInterval(() => {
      job.run(store, { now: new Date() }).then(
        (result) => log(`job ${name}: ${JSON.stringify(result)}`),
        (error: unknown) => log(`job ${name} failed: ${(error as Error).name}`),
      );
    }, job.everyMs),
  );
  return async () => {
    for (const timer of timers) clearInterval(timer);
  };
}

// Settings that need no AWS client, apart from the wiring (wiring.ts): the public pages read them
// without loading the SDK, which would be most of their cold start.
import { parseRetentionSchedule, type RetentionSchedule } from './domain/retention.js';

/** The deployment's retention schedule (CDK context `retention`); the defaults when unset. */
export function retentionSchedule(): RetentionSchedule {
  try {
    return parseRetentionSchedule(process.env.RETENTION_SCHEDULE);
  } catch (error) {
    throw new Error(`RETENTION_SCHEDULE ${(error as Error).message}`);
  }
}

/** The programme's coordinator line the pages offer to call (deploy setting `coordinatorPhone`). */
export const coordinatorPhone = (): string | undefined => process.env.COORDINATOR_PHONE || undefined;

// What the resilience tests (and the bench's resilience section) share: reports through the real
// use case, the notifier's dependencies with SMS to an outbox file, and a sweep at an instant past
// every lease.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import type { Caller } from '../../functions/domain/access.js';
import { NOTICE_GRACE_MS, SEND_LEASE_MS } from '../../functions/domain/notification-plan.js';
import type { Stores } from '../../functions/domain/ports.js';
import { Created } from '../../functions/domain/results.js';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import type { Dependencies } from '../../functions/use-cases/dependencies.js';
import { reportIncident } from '../../functions/use-cases/incidents.js';
import type { NotifierDependencies } from '../../functions/use-cases/notify.js';
import { runSweep, type SweepSummary } from '../../functions/use-cases/sweep.js';
import { SmsOutbox } from '../../local/sms-outbox.js';
import type { Programme } from './programme.js';
import { VILLAGE } from './programme.js';
import { aReport } from './use-case-world.js';

/** A folder of its own for a test's outbox, checkpoint file or database. */
export const scratchDirectory = (name: string) => mkdtempSync(join(tmpdir(), `suraksha-${name}-`));

export function reportingDependencies(stores: Stores, clock: () => Date = () => new Date()): Dependencies {
  const nextUlid = monotonicFactory();
  return { ...stores, clock, newId: (at) => nextUlid(at.getTime()), retention: DEFAULT_RETENTION };
}

/** The seeded volunteer, as their token describes them. */
export const volunteerCaller = (programme: Programme): Caller => ({
  sub: 'sub-volunteer',
  role: 'volunteer',
  villages: [VILLAGE],
  contactId: programme.volunteer.id,
});

/** A child-marriage report by the volunteer through the use case; its id, or the error that kept it from being created. */
export async function report(deps: Dependencies, caller: Caller): Promise<string> {
  const outcome = await reportIncident(deps, caller, aReport());
  if (!(outcome instanceof Created)) throw new Error('a report without an Idempotency-Key is always created');
  return outcome.record.id;
}

export function outboxNotifier(stores: Stores, outboxPath: string, clock?: () => Date): NotifierDependencies {
  return notifierDependencies({
    stores,
    sms: new SmsOutbox(outboxPath, () => undefined),
    ackBaseUrl: 'https://sk.example.in',
    dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
    ...(clock ? { clock } : {}),
  });
}

/** An instant past every notice's grace and every lease taken up to `from`. */
export const pastEveryLease = (from: Date) => new Date(from.getTime() + NOTICE_GRACE_MS + SEND_LEASE_MS + 60_000);

/** One sweeper run at `now`, as the scheduler runs it (its clock at the same instant). */
export function sweepAt(deps: NotifierDependencies, now: Date): Promise<SweepSummary> {
  return runSweep({ ...deps, clock: () => now }, now);
}

// Erasing personal fields (DOMAIN.md "Data protection"): on a coordinator's request, and daily by the
// retention job for closed incidents whose retention period is over, never under a legal hold.
// Counts for metrics survive: only free text is erased, and every erasure is a history entry.
import { unwrap } from '../domain/decision.js';
import { allPages, type IncidentStore, VersionConflictError } from '../domain/ports.js';
import { decideIncidentErasure, legalHoldActive, RETENTION_ACTOR, type RetentionSchedule } from '../domain/retention.js';
import type { Actor, Incident } from '../domain/schemas.js';

/**
 * Erases what is left of an incident's personal fields: its notes first (a retry rewrites what is
 * left), then the incident with its erasure entry under a version check. Answers the incident as it
 * now stands; RefusedError (409) under a legal hold.
 */
export async function eraseIncident(
  stores: { incidents: IncidentStore },
  incident: Incident,
  erasure: { actor: Actor; reason: string; now: Date; byRetention?: boolean },
): Promise<Incident> {
  const entries = await stores.incidents.history(incident.id);
  const decided = unwrap(decideIncidentErasure({ incident, entries, ...erasure }));
  if (!decided) return incident;
  await stores.incidents.rewriteHistory(decided.rewrite, incident.villageId);
  return stores.incidents.transition(decided.next, decided.history, incident);
}

export interface RetentionRun {
  erased: number;
  /** Found due but under a legal hold that stands: left for the run after the hold ends. */
  held: number;
  /** Changed by someone else while the run erased it: erased on the next run. */
  deferred: number;
}

/** Every closed incident whose retention period ended by `now`, read from the due index (no Scan): its personal fields erased. */
export async function runRetention(stores: { incidents: IncidentStore; retention: RetentionSchedule }, now: Date): Promise<RetentionRun> {
  const run: RetentionRun = { erased: 0, held: 0, deferred: 0 };
  const reason = `Retention schedule: ${stores.retention.incidentPersonalFieldsMonths} months after the case was closed`;
  for (const incident of await allPages((page) => stores.incidents.listDueForErasure(now, page))) {
    if (legalHoldActive(incident, now)) {
      run.held++;
      continue;
    }
    try {
      await eraseIncident(stores, incident, { actor: RETENTION_ACTOR, reason, now, byRetention: true });
      run.erased++;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      run.deferred++;
    }
  }
  return run;
}

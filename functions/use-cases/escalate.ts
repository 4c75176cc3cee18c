// The escalation job: every open incident with something due (domain/escalation.ts) has it applied,
// one event at a time, each a versioned change. The SMS themselves go out from the stream, so
// running the job twice for the same instant changes nothing twice.
import { applyEscalationEvent, dueEscalationEvent, type EscalationEvent } from '../domain/escalation.js';
import { type DirectoryStore, type IncidentStore, VersionConflictError } from '../domain/ports.js';
import type { Incident } from '../domain/schemas.js';
import { reachableByKind } from './coverage.js';

export interface EscalationSummary {
  examined: number;
  /** Events applied, by kind (escalate, exhaust, remind, rescore, pre_harm, harm_follow_up, duty_overdue). */
  applied: Partial<Record<EscalationEvent['kind'], number>>;
}

/** What the escalation job reads and writes. */
export interface EscalationStores {
  incidents: IncidentStore;
  directory: DirectoryStore;
}

export async function runEscalations(stores: EscalationStores, now: Date): Promise<EscalationSummary> {
  const summary: EscalationSummary = { examined: 0, applied: {} };
  let cursor: string | undefined;
  do {
    // The due index: a fixed number of shard queries, whatever the number of villages, never a Scan.
    const page = await stores.incidents.listDue(now, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const incident of page.items) {
      summary.examined++;
      await escalate(stores, incident, now, summary);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return summary;
}

async function escalate(stores: EscalationStores, incident: Incident, now: Date, summary: EscalationSummary): Promise<void> {
  let current = incident;
  for (let event = dueEscalationEvent(current, now); event; event = dueEscalationEvent(current, now)) {
    const reachable = await reachableByKind(stores.directory, current.villageId, 'kinds' in event ? event.kinds : []);
    const { next, history } = applyEscalationEvent(current, event, reachable, now);
    try {
      current = await stores.incidents.transition(next, history, current);
    } catch (error) {
      // Someone acknowledged or moved it meanwhile: the next run sees the new state.
      if (error instanceof VersionConflictError) return;
      throw error;
    }
    summary.applied[event.kind] = (summary.applied[event.kind] ?? 0) + 1;
  }
}

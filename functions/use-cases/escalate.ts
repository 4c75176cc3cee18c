// The escalation job: every open incident whose next deadline has passed moves one step up its
// ladder, has its exhausted ladder noted, or gets its one in_action reminder. The SMS themselves go
// out from the stream, so running the job twice for the same instant changes nothing twice.
import { applyEscalationEvent, dueEscalationEvent } from '../domain/escalation.js';
import { type DirectoryStore, type IncidentStore, VersionConflictError } from '../domain/ports.js';
import type { Incident } from '../domain/schemas.js';

export interface EscalationSummary {
  examined: number;
  escalated: number;
  exhausted: number;
  reminded: number;
}

/** What the escalation job reads and writes. */
export interface EscalationStores {
  incidents: IncidentStore;
  directory: DirectoryStore;
}

export async function runEscalations(stores: EscalationStores, now: Date): Promise<EscalationSummary> {
  const summary: EscalationSummary = { examined: 0, escalated: 0, exhausted: 0, reminded: 0 };
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
    const recipients =
      event.kind === 'escalate'
        ? (await stores.directory.contactsCovering(current.villageId, event.kinds))
            .filter((contact) => contact.active)
            .map((contact) => contact.id)
        : [];
    const { next, history } = applyEscalationEvent(current, event, recipients, now);
    try {
      current = await stores.incidents.transition(next, history, current);
    } catch (error) {
      // Someone acknowledged or moved it meanwhile: the next run sees the new state.
      if (error instanceof VersionConflictError) return;
      throw error;
    }
    if (event.kind === 'escalate') summary.escalated++;
    else if (event.kind === 'exhaust') summary.exhausted++;
    else summary.reminded++;
  }
}

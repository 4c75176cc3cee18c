// What the escalation job does to one open incident at an instant: take the next step of its ladder,
// note that the ladder is exhausted, or send the one in_action reminder. Pure.
import { ladderRunning } from './incident-workflow.js';
import { ackDueAt, planRouting } from './routing.js';
import type { Actor, HistoryEntry, Incident } from './schemas.js';
import type { DutyBearerKind } from './vocabulary.js';

/** Suraksha itself, as the actor of what the escalation job records. */
export const ESCALATION_ACTOR: Actor = { sub: 'suraksha:escalation', role: 'system' };

export type EscalationEvent = { kind: 'escalate'; step: number; kinds: DutyBearerKind[] } | { kind: 'exhaust' } | { kind: 'remind' };

/** The first thing due on this incident at `now`, if anything; the job applies events one at a time. */
export function dueEscalationEvent(incident: Incident, now: Date): EscalationEvent | undefined {
  const instant = now.toISOString();
  if (ladderRunning(incident) && incident.ackDueAt <= instant) {
    const { ladder } = planRouting(incident);
    const kinds = ladder[incident.escalationStep];
    return kinds ? { kind: 'escalate', step: incident.escalationStep + 1, kinds } : { kind: 'exhaust' };
  }
  if (incident.status === 'acknowledged' && incident.inActionDueAt && incident.inActionDueAt <= instant && !incident.reminderSentAt) {
    return { kind: 'remind' };
  }
  return undefined;
}

/**
 * The incident after the event, and the history entry that records it. `recipients` are the active
 * contacts of the step's kinds covering the village; they join routedTo and are sent the step's SMS.
 */
export function applyEscalationEvent(
  incident: Incident,
  event: EscalationEvent,
  recipients: readonly string[],
  now: Date,
): { next: Incident; history: HistoryEntry } {
  const at = now.toISOString();
  const next: Incident = { ...incident, version: incident.version + 1, updatedAt: at };
  const base = {
    entity: 'incident',
    entityId: incident.id,
    version: next.version,
    at,
    by: ESCALATION_ACTOR,
    from: incident.status,
    to: incident.status,
  } as const;
  switch (event.kind) {
    case 'escalate':
      next.escalationStep = event.step;
      next.routedTo = [...new Set([...incident.routedTo, ...recipients])];
      // The next step is due one acknowledgement interval from now.
      next.ackDueAt = ackDueAt(incident.severity, now).toISOString();
      return { next, history: { ...base, event: 'escalated', step: event.step } };
    case 'exhaust':
      next.ladderExhaustedAt = at;
      return { next, history: { ...base, event: 'ladder_exhausted' } };
    case 'remind':
      next.reminderSentAt = at;
      return { next, history: { ...base, event: 'reminder' } };
  }
}

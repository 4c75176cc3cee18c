// What the escalation job does to one open incident at an instant, and when it must next look:
// re-score it as the harm nears, tell police before the harm, take (or skip) the next step of its
// ladder, note that the ladder is exhausted, send the one in_action reminder, ask the coordinators
// what happened after the harm, flag an overdue legal duty. All of it runs from one due index. Pure.
import { isOpen, ladderRunning } from './incident-workflow.js';
import {
  ACK_WITHIN_MINUTES,
  addMinutes,
  type DutyId,
  deadline,
  HARM_FOLLOW_UP_MINUTES,
  HARM_IMMINENT_MINUTES,
  IN_ACTION_WITHIN_MINUTES,
  mayAlert,
  PRE_HARM_ALERT_MINUTES,
  ROUTING_RULES,
  stopsLadder,
} from './routing.js';
import type { Actor, Alert, HistoryEntry, Incident } from './schemas.js';
import type { ContactKind, DutyBearerKind } from './vocabulary.js';

/** Suraksha itself, as the actor of what the escalation job records. */
export const ESCALATION_ACTOR: Actor = { sub: 'suraksha:escalation', role: 'system' };

export type EscalationEvent =
  | { kind: 'rescore' }
  | { kind: 'pre_harm'; kinds: DutyBearerKind[] }
  | { kind: 'escalate'; step: number; kinds: DutyBearerKind[] }
  | { kind: 'exhaust' }
  | { kind: 'remind' }
  | { kind: 'harm_follow_up' }
  | { kind: 'duty_overdue'; dutyId: DutyId; kinds: DutyBearerKind[] };

/** Each event that will fall due on this incident, with when, in the order the job applies them. */
function pendingEvents(incident: Incident): { at: string; event: EscalationEvent }[] {
  if (!isOpen(incident.status)) return [];
  const pending: { at: string; event: EscalationEvent }[] = [];
  const { expectedBy } = incident;
  if (expectedBy && incident.severity !== 'critical' && !incident.rescoredAt) {
    pending.push({ at: addMinutes(expectedBy, -HARM_IMMINENT_MINUTES).toISOString(), event: { kind: 'rescore' } });
  }
  if (expectedBy && !incident.alerts.some((alert) => alert.step === 'pre_harm') && !statutoryInAction(incident)) {
    const kinds = ROUTING_RULES[incident.category].preHarm.filter((kind) => mayAlert(kind, incident.confidential));
    pending.push({ at: addMinutes(expectedBy, -PRE_HARM_ALERT_MINUTES).toISOString(), event: { kind: 'pre_harm', kinds } });
  }
  if (ladderRunning(incident)) {
    const kinds = incident.routing.ladder[incident.escalationStep - incident.routing.ladderFrom];
    const event: EscalationEvent = kinds ? { kind: 'escalate', step: incident.escalationStep + 1, kinds } : { kind: 'exhaust' };
    pending.push({ at: incident.ackDueAt, event });
  }
  if (incident.status === 'acknowledged' && incident.inActionDueAt && !incident.reminderSentAt) {
    pending.push({ at: incident.inActionDueAt, event: { kind: 'remind' } });
  }
  if (expectedBy && !incident.harmFollowUpAt) {
    pending.push({ at: addMinutes(expectedBy, HARM_FOLLOW_UP_MINUTES).toISOString(), event: { kind: 'harm_follow_up' } });
  }
  for (const duty of incident.duties) {
    if (!duty.doneAt && !duty.overdueAlert)
      pending.push({ at: duty.dueAt, event: { kind: 'duty_overdue', dutyId: duty.id, kinds: ['dcpu'] } });
  }
  return pending;
}

/** The pre-harm alert is not needed once a statutory kind has the case in_action. */
function statutoryInAction(incident: Incident): boolean {
  return (
    incident.status === 'in_action' &&
    incident.inActionBy !== undefined &&
    ROUTING_RULES[incident.category].statutory.some((kind) => kind === incident.inActionBy)
  );
}

/** The first thing due on this incident at `now`, if anything; the job applies events one at a time. */
export function dueEscalationEvent(incident: Incident, now: Date): EscalationEvent | undefined {
  const instant = now.toISOString();
  return pendingEvents(incident).find(({ at }) => at <= instant)?.event;
}

/** The next instant the escalation job must look at this incident, or undefined when nothing will fall due. */
export function nextDueAt(incident: Incident): string | undefined {
  return pendingEvents(incident)
    .map(({ at }) => at)
    .sort()[0];
}

/**
 * The ladder's stop under the incident's present category and severity: a stop that no longer
 * counts (a community member's, once the case turned critical) is lifted, and the ladder climbs on.
 */
export function withLadderStopUnderCurrentRules(incident: Incident): Incident {
  const { ladderStoppedBy: _earlier, ...unstopped } = incident;
  const stop = ladderStopOf(incident);
  return stop ? { ...unstopped, ladderStoppedBy: stop } : unstopped;
}

function ladderStopOf(incident: Incident): Incident['ladderStoppedBy'] {
  const counts = (kind: ContactKind) => stopsLadder(incident.category, incident.severity, kind);
  if (incident.ladderStoppedBy && counts(incident.ladderStoppedBy.kind)) return incident.ladderStoppedBy;
  const acknowledgement = incident.acknowledgements.find((each) => counts(each.kind));
  if (acknowledgement) return { at: acknowledgement.at, kind: acknowledgement.kind };
  if (incident.status === 'in_action' && incident.inActionBy && counts(incident.inActionBy)) {
    return { at: incident.updatedAt, kind: incident.inActionBy };
  }
  return undefined;
}

/** The active, reachable contacts covering the village for each kind an event needs. */
export type ReachableByKind = ReadonlyMap<ContactKind, readonly string[]>;

/** The reachable contacts of these kinds, each once. */
const contactsOf = (kinds: readonly ContactKind[], reachable: ReachableByKind) => [
  ...new Set(kinds.flatMap((kind) => reachable.get(kind) ?? [])),
];

/** An alert to the reachable contacts of these kinds, naming the kinds that had nobody. */
export function alertOf(
  step: string,
  kinds: readonly ContactKind[],
  reachable: ReachableByKind,
  now: Date,
  exclude: readonly string[] = [],
): Alert {
  const contactIds = contactsOf(kinds, reachable).filter((id) => !exclude.includes(id));
  return {
    step,
    at: now.toISOString(),
    kinds: [...kinds],
    contactIds,
    missing: kinds.filter((kind) => (reachable.get(kind) ?? []).length === 0),
  };
}

/** The incident after the event, and the history entry that records it. */
export function applyEscalationEvent(
  incident: Incident,
  event: EscalationEvent,
  reachable: ReachableByKind,
  now: Date,
): { next: Incident; history: HistoryEntry } {
  const at = now.toISOString();
  let next: Incident = { ...incident, version: incident.version + 1, updatedAt: at };
  const base = {
    entity: 'incident',
    entityId: incident.id,
    version: next.version,
    at,
    by: ESCALATION_ACTOR,
    from: incident.status,
    to: incident.status,
  } as const;
  const join = (alert: Alert) => {
    next.alerts = [...incident.alerts, alert];
    next.routedTo = [...new Set([...incident.routedTo, ...alert.contactIds])];
  };
  switch (event.kind) {
    case 'rescore': {
      next = withLadderStopUnderCurrentRules({ ...next, severity: 'critical', rescoredAt: at });
      const sooner = deadline(now, ACK_WITHIN_MINUTES.critical, incident.expectedBy).toISOString();
      // A ladder that resumes gets a fresh interval; a running one only a sooner deadline.
      if (!next.ladderStoppedBy) next.ackDueAt = incident.ladderStoppedBy || sooner < incident.ackDueAt ? sooner : incident.ackDueAt;
      if (incident.inActionDueAt) {
        const inAction = deadline(now, IN_ACTION_WITHIN_MINUTES.critical, incident.expectedBy).toISOString();
        if (inAction < incident.inActionDueAt) next.inActionDueAt = inAction;
      }
      return { next, history: { ...base, event: 'rescored' } };
    }
    case 'pre_harm':
      // Whoever the first alert or the ladder already told is not told twice.
      join(alertOf('pre_harm', event.kinds, reachable, now, incident.routedTo));
      return { next, history: { ...base, event: 'pre_harm_alert' } };
    case 'escalate': {
      const alert = alertOf(`escalation_${event.step}`, event.kinds, reachable, now);
      join(alert);
      next.escalationStep = event.step;
      if (alert.contactIds.length === 0) {
        // Nobody of any of the step's kinds: the ladder moves on to its next step at once.
        return { next, history: { ...base, event: 'step_skipped', step: event.step } };
      }
      next.ackDueAt = deadline(now, ACK_WITHIN_MINUTES[incident.severity], incident.expectedBy).toISOString();
      return { next, history: { ...base, event: 'escalated', step: event.step } };
    }
    case 'exhaust':
      next.ladderExhaustedAt = at;
      return { next, history: { ...base, event: 'ladder_exhausted' } };
    case 'remind':
      next.reminderSentAt = at;
      return { next, history: { ...base, event: 'reminder' } };
    case 'harm_follow_up':
      next.harmFollowUpAt = at;
      return { next, history: { ...base, event: 'harm_follow_up' } };
    case 'duty_overdue': {
      const contactIds = contactsOf(event.kinds, reachable);
      next.duties = incident.duties.map((duty) => (duty.id === event.dutyId ? { ...duty, overdueAlert: { at, contactIds } } : duty));
      // The dcpu is told so it can act: it may then read the case like anyone alerted.
      next.routedTo = [...new Set([...incident.routedTo, ...contactIds])];
      return { next, history: { ...base, event: 'duty_overdue', dutyId: event.dutyId } };
    }
  }
}

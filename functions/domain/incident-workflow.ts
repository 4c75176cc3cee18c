// Who may move an incident from which status to which, what each move requires, and what it changes;
// notes, legal duties and corrections too. Pure.

import { accept, type Decision, refuse } from './decision.js';
import { compareSeverity, deadline, IN_ACTION_WITHIN_MINUTES, ROUTING_RULES, stopsLadder } from './routing.js';
import type { Actor, Duty, HistoryEntry, Incident, IncidentTransitionRequest } from './schemas.js';
import { type ContactKind, type IncidentStatus, isCommunityKind, isOfficialKind, OPEN_INCIDENT_STATUSES } from './vocabulary.js';

/** Who may make a move: only coordinators, or also the duty bearers the incident was routed to. */
type Mover = 'coordinator' | 'responder';

export const INCIDENT_MOVES: Readonly<Record<IncidentStatus, Partial<Record<IncidentStatus, Mover>>>> = {
  // Acknowledging is also open in acknowledged and in_action: every acknowledger is recorded.
  reported: { acknowledged: 'responder', duplicate: 'coordinator', unverified: 'coordinator' },
  acknowledged: { acknowledged: 'responder', in_action: 'responder', duplicate: 'coordinator', unverified: 'coordinator' },
  in_action: { acknowledged: 'responder', resolved: 'responder' },
  // Moving back to in_action is a reopen.
  resolved: { closed: 'coordinator', in_action: 'coordinator' },
  closed: { in_action: 'coordinator' },
  duplicate: {},
  unverified: {},
};

/** A directory contact as the workflow needs it: who acted, and of which kind. */
export interface ContactRef {
  id: string;
  kind: ContactKind;
}

export interface IncidentTransitionInput {
  incident: Incident;
  request: IncidentTransitionRequest;
  actor: Actor;
  /** The caller's own directory contact, when they have one. */
  actorContact?: ContactRef;
  /** The contact named by request.onBehalfOf, looked up in the directory. */
  onBehalfOf?: ContactRef;
  now: Date;
}

export interface IncidentChange {
  next: Incident;
  history: HistoryEntry;
}

const isHighOrCritical = (incident: Incident) => compareSeverity(incident.severity, 'high') >= 0;

/** The kind an action counts as: the contact acted for, the caller's own contact, or a coordinator. */
function actingKind({ onBehalfOf, actorContact, actor }: Pick<IncidentTransitionInput, 'onBehalfOf' | 'actorContact' | 'actor'>) {
  return onBehalfOf?.kind ?? (actor.role === 'coordinator' ? 'coordinator' : actorContact?.kind);
}

export function decideIncidentTransition(input: IncidentTransitionInput): Decision<IncidentChange> {
  const { incident, request, actor, now } = input;
  const mover = INCIDENT_MOVES[incident.status][request.to];
  if (!mover) {
    return refuse({ kind: 'conflict', message: `an incident cannot move from ${incident.status} to ${request.to}` });
  }
  const permission = checkPermission(input, mover);
  if (!permission.ok) return permission;
  const requirements = checkRequirements(input);
  if (!requirements.ok) return requirements;

  const at = now.toISOString();
  const kind = actingKind(input);
  const acknowledging = request.to === 'acknowledged';
  // Acknowledging an incident already past reported records the acknowledger and keeps its status.
  const status = acknowledging && incident.status !== 'reported' ? incident.status : request.to;
  const next: Incident = { ...incident, status, version: incident.version + 1, updatedAt: at };
  if (acknowledging) {
    const acknowledger = input.onBehalfOf ?? input.actorContact;
    next.acknowledgements = [
      ...incident.acknowledgements,
      { at, by: actor, ...(acknowledger ? { contactId: acknowledger.id } : {}), kind: kind ?? 'coordinator' },
    ];
    if (incident.acknowledgements.length === 0) {
      next.inActionDueAt = deadline(now, IN_ACTION_WITHIN_MINUTES[incident.severity], incident.expectedBy).toISOString();
    }
  }
  if (request.to === 'in_action' && kind) next.inActionBy = kind;
  if (ladderRunning(incident) && kind && stopsLadder(incident.category, incident.severity, kind)) {
    next.ladderStoppedBy = { at, kind };
  }
  if (request.to === 'resolved') next.outcome = request.outcome;
  if (request.to === 'duplicate') next.duplicateOf = request.duplicateOf;
  if (request.to === 'in_action' && incident.status !== 'acknowledged') delete next.outcome; // a reopen

  const history: HistoryEntry = {
    ...historyBase(incident, next, actor, at),
    ...(acknowledging && status === incident.status ? { event: 'acknowledged' as const } : {}),
    ...(request.onBehalfOf ? { onBehalfOf: request.onBehalfOf } : {}),
    ...(request.note ? { note: request.note } : {}),
    ...(request.outcome ? { outcome: request.outcome } : {}),
    ...(request.duplicateOf ? { duplicateOf: request.duplicateOf } : {}),
  };
  return accept({ next, history });
}

function historyBase(incident: Incident, next: Incident, by: Actor, at: string) {
  return { entity: 'incident', entityId: incident.id, version: next.version, at, by, from: incident.status, to: next.status } as const;
}

function checkPermission(input: IncidentTransitionInput, mover: Mover): Decision<void> {
  const { incident, request, actor, actorContact } = input;
  if (request.onBehalfOf && actor.role !== 'coordinator') {
    return refuse({ kind: 'forbidden', message: 'only a coordinator may act on behalf of a contact' });
  }
  if (actor.role !== 'coordinator') {
    const routedResponder = actor.role === 'duty_bearer' && actor.contactId !== undefined && incident.routedTo.includes(actor.contactId);
    if (mover !== 'responder' || !routedResponder) {
      return refuse({ kind: 'forbidden', message: `you may not move this incident to ${request.to}` });
    }
  }
  const moving = request.to === 'in_action' || request.to === 'resolved';
  if (moving && isHighOrCritical(incident) && actor.role !== 'coordinator' && (!actorContact || isCommunityKind(actorContact.kind))) {
    return refuse({
      kind: 'forbidden',
      message: `a community member may acknowledge and add notes, but only an official or a coordinator may move a ${incident.severity} incident to ${request.to}`,
    });
  }
  const kind = actingKind(input);
  // Resolving ends the ladder, so while it runs only a statutory kind may (a coordinator on behalf of one).
  if (request.to === 'resolved' && ladderRunning(incident) && (!kind || !stopsLadder(incident.category, incident.severity, kind))) {
    return refuse({
      kind: 'forbidden',
      message: `until one of ${ROUTING_RULES[incident.category].statutory.join(', ')} has acted, only they may resolve this incident (a coordinator on behalf of one)`,
    });
  }
  if (request.to === 'acknowledged' && alreadyAcknowledged(incident, input)) {
    return refuse({ kind: 'conflict', message: 'this acknowledgement is already recorded' });
  }
  return accept(undefined);
}

function alreadyAcknowledged(incident: Incident, { onBehalfOf, actorContact, actor }: IncidentTransitionInput): boolean {
  const contactId = (onBehalfOf ?? actorContact)?.id;
  return incident.acknowledgements.some((earlier) =>
    contactId ? earlier.contactId === contactId : !earlier.contactId && earlier.by.sub === actor.sub,
  );
}

function checkRequirements({ incident, request, onBehalfOf }: IncidentTransitionInput): Decision<void> {
  if (request.onBehalfOf) {
    if (!onBehalfOf || !incident.routedTo.includes(onBehalfOf.id)) {
      return refuse({ kind: 'invalid', path: 'onBehalfOf', message: 'must be a contact this incident was routed to' });
    }
  }
  if (request.to === 'resolved' && !request.outcome) {
    return refuse({ kind: 'invalid', path: 'outcome', message: 'is required to resolve an incident' });
  }
  if (request.to !== 'resolved' && request.outcome) {
    return refuse({ kind: 'invalid', path: 'outcome', message: 'is only given when resolving' });
  }
  if (request.to === 'duplicate') {
    if (!request.duplicateOf) {
      return refuse({ kind: 'invalid', path: 'duplicateOf', message: 'is required to mark a duplicate' });
    }
    if (request.duplicateOf === incident.id) {
      return refuse({ kind: 'invalid', path: 'duplicateOf', message: 'must name another incident' });
    }
  } else if (request.duplicateOf) {
    return refuse({ kind: 'invalid', path: 'duplicateOf', message: 'is only given when marking a duplicate' });
  }
  return accept(undefined);
}

/** Whether the escalation ladder still runs: until an action that counts stops it, it is exhausted, or the case closes. */
export function ladderRunning(incident: Incident): boolean {
  return !incident.ladderExhaustedAt && !incident.ladderStoppedBy && isOpen(incident.status);
}

/** Whether an incident in this status still needs someone to act (the open backlog). */
export function isOpen(status: string): boolean {
  return (OPEN_INCIDENT_STATUSES as readonly string[]).includes(status);
}

// ── notes ────────────────────────────────────────────────────────────────────
/** A note in the history: how a community kind reports progress on a case it may not move. */
export function decideNote(incident: Incident, actor: Actor, note: string, now: Date): Decision<IncidentChange> {
  const routed = actor.role === 'duty_bearer' && actor.contactId !== undefined && incident.routedTo.includes(actor.contactId);
  if (actor.role !== 'coordinator' && !routed) return refuse({ kind: 'forbidden', message: 'you may not add notes to this incident' });
  const at = now.toISOString();
  const next: Incident = { ...incident, version: incident.version + 1, updatedAt: at };
  return accept({ next, history: { ...historyBase(incident, next, actor, at), event: 'note', note } });
}

// ── legal duties ─────────────────────────────────────────────────────────────
export interface DutyDoneInput {
  incident: Incident;
  /** One of the incident's duties (dutyOf finds it). */
  duty: Duty;
  reference: string;
  note?: string | undefined;
  actor: Actor;
  actorContact?: ContactRef;
  now: Date;
}

/** Whether the incident carries this duty; undefined when its category has none by that id. */
export const dutyOf = (incident: Incident, dutyId: string): Duty | undefined => incident.duties.find((duty) => duty.id === dutyId);

export function decideDutyDone(input: DutyDoneInput): Decision<IncidentChange> {
  const { incident, duty, actor, actorContact, now } = input;
  const routedOfficial =
    actor.role === 'duty_bearer' &&
    actorContact !== undefined &&
    isOfficialKind(actorContact.kind) &&
    incident.routedTo.includes(actorContact.id);
  if (actor.role !== 'coordinator' && !routedOfficial) {
    return refuse({ kind: 'forbidden', message: 'only a coordinator or an official this incident was routed to may record a legal duty' });
  }
  if (duty.doneAt) return refuse({ kind: 'conflict', message: 'this duty is already recorded as done' });
  const at = now.toISOString();
  const next: Incident = {
    ...incident,
    duties: incident.duties.map((each) =>
      each.id === duty.id ? { ...each, doneAt: at, reference: input.reference, doneBy: actor } : each,
    ),
    version: incident.version + 1,
    updatedAt: at,
  };
  const history: HistoryEntry = {
    ...historyBase(incident, next, actor, at),
    event: 'duty_done',
    dutyId: duty.id,
    reference: input.reference,
    ...(input.note ? { note: input.note } : {}),
  };
  return accept({ next, history });
}

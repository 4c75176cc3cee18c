// Who may move an incident from which status to which, what each move requires, and what it changes.

import { accept, type Decision, refuse } from './decision.js';
import { acknowledgementStopsLadder, inActionDueAt } from './routing.js';
import type { Actor, HistoryEntry, Incident, IncidentTransitionRequest } from './schemas.js';
import { type ContactKind, type IncidentStatus, OPEN_INCIDENT_STATUSES } from './vocabulary.js';

/** Who may make a move: only coordinators, or also the duty bearers the incident was routed to. */
type Mover = 'coordinator' | 'responder';

export const INCIDENT_MOVES: Readonly<Record<IncidentStatus, Partial<Record<IncidentStatus, Mover>>>> = {
  reported: { acknowledged: 'responder', duplicate: 'coordinator', unverified: 'coordinator' },
  acknowledged: { in_action: 'responder', duplicate: 'coordinator', unverified: 'coordinator' },
  in_action: { resolved: 'responder' },
  // Moving back to in_action is a reopen.
  resolved: { closed: 'coordinator', in_action: 'coordinator' },
  closed: { in_action: 'coordinator' },
  duplicate: {},
  unverified: {},
};

/** A directory contact as the workflow needs it: who acknowledged, and of which kind. */
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

export interface IncidentTransition {
  next: Incident;
  history: HistoryEntry;
}

export function decideIncidentTransition(input: IncidentTransitionInput): Decision<IncidentTransition> {
  const { incident, request, actor, now } = input;
  const mover = INCIDENT_MOVES[incident.status][request.to] ?? (isReacknowledgement(input) ? 'responder' : undefined);
  if (!mover) {
    return refuse({ kind: 'conflict', message: `an incident cannot move from ${incident.status} to ${request.to}` });
  }
  const permission = checkPermission(input, mover);
  if (!permission.ok) return permission;
  const requirements = checkRequirements(input);
  if (!requirements.ok) return requirements;

  const at = now.toISOString();
  const next: Incident = { ...incident, status: request.to, version: incident.version + 1, updatedAt: at };
  if (request.to === 'acknowledged') {
    const acknowledger = input.onBehalfOf ?? input.actorContact;
    next.acknowledgement = {
      at,
      by: actor,
      ...(acknowledger ? { contactId: acknowledger.id } : {}),
      kind: acknowledger?.kind ?? 'coordinator',
    };
    next.inActionDueAt = inActionDueAt(incident.severity, now).toISOString();
  }
  if (request.to === 'resolved') next.outcome = request.outcome;
  if (request.to === 'duplicate') next.duplicateOf = request.duplicateOf;
  if (request.to === 'in_action' && incident.status !== 'acknowledged') delete next.outcome; // a reopen

  const history: HistoryEntry = {
    entity: 'incident',
    entityId: incident.id,
    version: next.version,
    at,
    by: actor,
    ...(request.onBehalfOf ? { onBehalfOf: request.onBehalfOf } : {}),
    from: incident.status,
    to: request.to,
    ...(request.note ? { note: request.note } : {}),
    ...(request.outcome ? { outcome: request.outcome } : {}),
    ...(request.duplicateOf ? { duplicateOf: request.duplicateOf } : {}),
  };
  return accept({ next, history });
}

/**
 * A community kind's acknowledgement leaves a high or critical ladder running; an official or a
 * coordinator acknowledging afterwards is recorded and stops it (DOMAIN.md).
 */
function isReacknowledgement({ incident, request, actorContact, onBehalfOf, actor }: IncidentTransitionInput): boolean {
  if (incident.status !== 'acknowledged' || request.to !== 'acknowledged' || !ladderRunning(incident)) return false;
  const kind = (onBehalfOf ?? actorContact)?.kind ?? (actor.role === 'coordinator' ? 'coordinator' : undefined);
  return kind !== undefined && acknowledgementStopsLadder(kind, incident.severity);
}

function checkPermission(input: IncidentTransitionInput, mover: Mover): Decision<void> {
  const { incident, request, actor } = input;
  if (request.onBehalfOf && actor.role !== 'coordinator') {
    return refuse({ kind: 'forbidden', message: 'only a coordinator may act on behalf of a contact' });
  }
  if (actor.role === 'coordinator') return accept(undefined);
  const routedResponder = actor.role === 'duty_bearer' && actor.contactId !== undefined && incident.routedTo.includes(actor.contactId);
  if (mover === 'responder' && routedResponder) return accept(undefined);
  return refuse({ kind: 'forbidden', message: `you may not move this incident to ${request.to}` });
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

/** Whether the escalation ladder still runs: until an acknowledgement that counts, or resolution. */
export function ladderRunning(incident: Incident): boolean {
  if (incident.ladderExhaustedAt) return false;
  if (incident.status === 'reported') return true;
  if (incident.status !== 'acknowledged' || !incident.acknowledgement) return false;
  return !acknowledgementStopsLadder(incident.acknowledgement.kind, incident.severity);
}

/**
 * The next instant the escalation job must look at an open incident (the ladder's next step or
 * the in_action reminder), or undefined when nothing is due. Undefined for closed incidents too.
 */
export function nextDueAt(incident: Incident): string | undefined {
  const due: string[] = [];
  if (ladderRunning(incident)) due.push(incident.ackDueAt);
  if (incident.status === 'acknowledged' && incident.inActionDueAt && !incident.reminderSentAt) due.push(incident.inActionDueAt);
  return due.sort()[0];
}

/** Whether an incident in this status still needs someone to act (the open backlog). */
export function isOpen(status: string): boolean {
  return (OPEN_INCIDENT_STATUSES as readonly string[]).includes(status);
}

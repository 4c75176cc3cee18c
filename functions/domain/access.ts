// Who may see what, and how much of it (DOMAIN.md privacy rules, API.md views). Pure.
import { RefusedError } from './decision.js';
import type { Actor, ActorView, HistoryEntry, HistoryEntryView, Incident, IncidentView, Linkage } from './schemas.js';
import type { Role } from './vocabulary.js';

/** The person asking, as their verified token describes them. */
export interface Caller {
  sub: string;
  role: Role;
  /** The villages a volunteer or duty bearer works in; coordinators and funders span the programme. */
  villages: string[];
  contactId?: string;
}

export function actorOf(caller: Caller): Actor {
  return { sub: caller.sub, role: caller.role, ...(caller.contactId ? { contactId: caller.contactId } : {}) };
}

/** Coordinators work across the programme; everyone else only in the villages on their token. */
export function requireVillage(caller: Caller, villageId: string): void {
  if (caller.role !== 'coordinator' && !caller.villages.includes(villageId)) {
    throw new RefusedError({ kind: 'forbidden', message: 'You do not work in this village.' });
  }
}

// ── incidents ────────────────────────────────────────────────────────────────
export function canSeeIncident(caller: Caller, incident: Incident): boolean {
  switch (caller.role) {
    case 'coordinator':
      return true;
    case 'duty_bearer':
      return caller.contactId !== undefined && incident.routedTo.includes(caller.contactId);
    case 'volunteer':
      return incident.reportedBy.sub === caller.sub;
    case 'funder':
      return false;
  }
}

/**
 * The incident as this caller may see it: a volunteer never sees the child's name, the location or
 * the recipients; a duty bearer never sees the reporter; only a coordinator sees everything.
 */
export function incidentView(caller: Caller, incident: Incident): IncidentView {
  if (caller.role === 'coordinator') return incident;
  const { reportedBy: _reporter, acknowledgement, ...rest } = incident;
  const view: IncidentView = {
    ...rest,
    ...(acknowledgement ? { acknowledgement: { ...acknowledgement, by: withoutLogin(acknowledgement.by) } } : {}),
  };
  if (caller.role === 'duty_bearer') return view;
  const { location: _location, routedTo: _routedTo, child, ...visible } = view;
  const { name: _name, ...childWithoutName } = child;
  return { ...visible, child: childWithoutName };
}

export function canSeeHistory(caller: Caller, incident: Incident): boolean {
  return (caller.role === 'coordinator' || caller.role === 'duty_bearer') && canSeeIncident(caller, incident);
}

/**
 * History for a duty bearer: who acted is shown by role and contact, never by login, and the report
 * itself (the first entry) by role only, so the reporter stays hidden.
 */
export function historyView(caller: Caller, entries: HistoryEntry[]): HistoryEntryView[] {
  if (caller.role === 'coordinator') return entries;
  return entries.map((entry) => ({ ...entry, by: entry.from === null ? { role: entry.by.role } : withoutLogin(entry.by) }));
}

function withoutLogin(actor: Actor): ActorView {
  const { sub: _sub, ...rest } = actor;
  return rest;
}

// ── linkages ─────────────────────────────────────────────────────────────────
export function canSeeLinkage(caller: Caller, linkage: Linkage): boolean {
  switch (caller.role) {
    case 'coordinator':
      return true;
    case 'volunteer':
      return caller.villages.includes(linkage.villageId);
    case 'duty_bearer':
      return caller.contactId !== undefined && caller.contactId === linkage.providerContactId;
    case 'funder':
      return false;
  }
}

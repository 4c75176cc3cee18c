// Who may see what, and how much of it (DOMAIN.md privacy rules, API.md views). Pure.
import { RefusedError } from './decision.js';
import type { Actor, ActorView, HistoryEntry, HistoryEntryView, Incident, IncidentView, Linkage } from './schemas.js';
import { type ContactKind, isOfficialKind, type Role } from './vocabulary.js';

/** The person asking, as their verified token describes them. */
export interface Caller {
  sub: string;
  role: Role;
  /** The villages a volunteer or duty bearer works in; coordinators and funders span the programme. */
  villages: string[];
  contactId?: string;
  /** The kind of the caller's directory contact, once its standing is read (use-cases/standing.ts). */
  kind?: ContactKind;
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
    // Access ends with the role: only while the caller still covers the incident's village.
    case 'duty_bearer':
      return caller.contactId !== undefined && incident.routedTo.includes(caller.contactId) && caller.villages.includes(incident.villageId);
    case 'volunteer':
      return incident.reportedBy.sub === caller.sub && caller.villages.includes(incident.villageId);
    case 'funder':
      return false;
  }
}

/** Whose view of an incident a caller gets (DOMAIN.md "Privacy rules"): a duty bearer's depends on its kind. */
export type Viewer = 'coordinator' | 'official' | 'community' | 'volunteer';

/** A duty bearer whose contact kind is unknown (its standing not read) gets the narrowest duty bearer's view. */
export function viewerOf(caller: Caller): Viewer {
  if (caller.role === 'coordinator') return 'coordinator';
  if (caller.role === 'duty_bearer') return caller.kind && isOfficialKind(caller.kind) ? 'official' : 'community';
  return 'volunteer';
}

/**
 * The incident as this viewer may see it: an official sees the child's name and the location but
 * never the reporter; a community kind the location but neither the name nor the reporter; a
 * volunteer their own report without the name, the location and the routing. Only a coordinator
 * sees everything, and the routing, the alerts, the coverage gaps, a possible duplicate, a legal
 * hold and when the personal fields fall due for erasure.
 */
export function incidentView(viewer: Viewer, incident: Incident): IncidentView {
  const [first] = incident.acknowledgements;
  if (viewer === 'coordinator') {
    return { ...incident, ...(first ? { acknowledgement: first } : {}), coverageGaps: incident.alerts[0]?.missing ?? [] };
  }
  const {
    reportedBy: _reporter,
    routing: _routing,
    alerts: _alerts,
    possibleDuplicateOf: _duplicate,
    legalHold: _hold,
    eraseDueAt: _eraseDue,
    acknowledgements,
    duties,
    routedTo,
    location,
    child,
    ...shared
  } = incident;
  const { name: _name, ...childWithoutName } = child;
  if (viewer === 'official') {
    return {
      ...shared,
      child,
      routedTo,
      ...(location ? { location } : {}),
      ...(first ? { acknowledgement: withoutLoginOf(first) } : {}),
      acknowledgements: acknowledgements.map(withoutLoginOf),
      duties: duties.map(({ doneBy, ...duty }) => ({ ...duty, ...(doneBy ? { doneBy: withoutLogin(doneBy) } : {}) })),
    };
  }
  if (viewer === 'community') return { ...shared, child: childWithoutName, ...(location ? { location } : {}) };
  return { ...shared, child: childWithoutName };
}

const withoutLoginOf = <T extends { by: Actor }>(record: T) => ({ ...record, by: withoutLogin(record.by) });

export function canSeeHistory(caller: Caller, incident: Incident): boolean {
  return (caller.role === 'coordinator' || caller.role === 'duty_bearer') && canSeeIncident(caller, incident);
}

/**
 * History for a duty bearer: who acted is shown by role and contact, never by login, and the report
 * itself (the first entry) by role only, so the reporter stays hidden.
 */
export function historyView(viewer: Viewer, entries: HistoryEntry[]): HistoryEntryView[] {
  if (viewer === 'coordinator') return entries;
  return entries.map(({ reference, ...entry }) => ({
    ...entry,
    // A legal duty's reference (a GD/FIR number) is for officials and coordinators.
    ...(reference && viewer === 'official' ? { reference } : {}),
    by: entry.from === null ? { role: entry.by.role } : withoutLogin(entry.by),
  }));
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
      return (
        caller.contactId !== undefined && caller.contactId === linkage.providerContactId && caller.villages.includes(linkage.villageId)
      );
    case 'funder':
      return false;
  }
}

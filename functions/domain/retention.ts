// How long what Suraksha holds is kept (DOMAIN.md "Data protection"): the schedule, set per deployment
// (CDK context `retention`, the functions' RETENTION_SCHEDULE), and what erasing an incident's or a
// linkage's personal fields changes. Pure.
import { accept, type Decision, refuse } from './decision.js';
import type { Actor, HistoryEntry, Incident, LegalHoldRequest, Linkage } from './schemas.js';

export interface RetentionSchedule {
  /** An incident's personal fields (child's name, location, description, notes), this long after it was closed. */
  incidentPersonalFieldsMonths: number;
  /** An Idempotency-Key's reservation, with the first answer it holds (API.md: 24 h). */
  idempotencyKeyHours: number;
  /** An acknowledgement link, this long after it expired. */
  ackLinkDaysAfterExpiry: number;
  /** An audit record: the Rules ask for at least a year. */
  auditDays: number;
}

/** Each period's default and the bounds a deployment may set it within. */
const PERIODS: Record<keyof RetentionSchedule, { default: number; min: number; max: number }> = {
  incidentPersonalFieldsMonths: { default: 24, min: 1, max: 120 },
  idempotencyKeyHours: { default: 24, min: 1, max: 24 * 30 },
  ackLinkDaysAfterExpiry: { default: 7, min: 0, max: 90 },
  auditDays: { default: 400, min: 366, max: 3650 },
};

export const DEFAULT_RETENTION = Object.fromEntries(
  Object.entries(PERIODS).map(([name, period]) => [name, period.default]),
) as unknown as RetentionSchedule;

/** The schedule from its JSON (periods left out keep their defaults; unset is the default); throws naming what is wrong. */
export function parseRetentionSchedule(json: string | undefined): RetentionSchedule {
  if (json === undefined || json.trim() === '') return DEFAULT_RETENTION;
  const given: unknown = JSON.parse(json);
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new Error('must be a JSON object of retention periods');
  const unknown = Object.keys(given).filter((name) => !(name in PERIODS));
  if (unknown.length > 0) throw new Error(`has no period named ${unknown.join(', ')}`);
  const schedule = { ...DEFAULT_RETENTION, ...(given as Partial<RetentionSchedule>) };
  for (const [name, { min, max }] of Object.entries(PERIODS)) {
    const value = schedule[name as keyof RetentionSchedule];
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  }
  return schedule;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The TTL attribute (epoch seconds) of an item to be deleted this long after `from`. */
export const ttlAfter = (from: Date | string, days: number): number => Math.floor((new Date(from).getTime() + days * DAY_MS) / 1000);

/** The same day of the month `months` later (the month's last day when it has no such day), in UTC. */
export function addMonths(from: Date | string, months: number): Date {
  const start = new Date(from);
  const target = new Date(start);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  return target;
}

/** When a closed incident's personal fields fall due for erasure; none while it is not closed. */
export function withEraseDueAt(incident: Incident, schedule: RetentionSchedule, closedAt: string): Incident {
  const { eraseDueAt: _earlier, ...rest } = incident;
  return incident.status === 'closed'
    ? { ...rest, eraseDueAt: addMonths(closedAt, schedule.incidentPersonalFieldsMonths).toISOString() }
    : rest;
}

/** What an erased field reads as. */
export const ERASED = '[erased]';

/** A legal hold stands from when it was set until its `until`, if it has one. */
export function legalHoldActive(incident: Pick<Incident, 'legalHold'>, now: Date): boolean {
  const hold = incident.legalHold;
  return hold !== undefined && (hold.until === undefined || hold.until > now.toISOString());
}

/** Suraksha itself, as the actor of what the retention job erases. */
export const RETENTION_ACTOR: Actor = { sub: 'suraksha:retention', role: 'system' };

type ErasedField = NonNullable<HistoryEntry['erasedFields']>[number];

/** A change of a record with its history entry, and the earlier entries rewritten with their notes erased. */
export interface Erasure<T> {
  next: T;
  history: HistoryEntry;
  rewrite: HistoryEntry[];
}

/** The history entries whose notes still hold text, with it erased (an erasure's own reason stays). */
function notesErased(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.filter((entry) => entry.note !== undefined && entry.note !== ERASED).map((entry) => ({ ...entry, note: ERASED }));
}

const stillHeld = (value: string | undefined): value is string => value !== undefined && value !== ERASED;

/**
 * Erases an incident's personal fields (child's name, location, description, notes): refused under a
 * legal hold; undefined when nothing is left to erase (a retry). The retention job's erasure also ends
 * its retention period, so it writes its entry even when a request erased everything before.
 */
export function decideIncidentErasure(input: {
  incident: Incident;
  entries: readonly HistoryEntry[];
  actor: Actor;
  reason: string;
  now: Date;
  byRetention?: boolean;
}): Decision<Erasure<Incident> | undefined> {
  const { incident, actor, reason, now } = input;
  if (legalHoldActive(incident, now)) {
    return refuse({
      kind: 'conflict',
      problem: 'legal-hold',
      message: 'this incident is under a legal hold: nothing of it is erased until the hold is lifted',
    });
  }
  const fields: ErasedField[] = [];
  const child = { ...incident.child };
  if (stillHeld(child.name)) {
    child.name = ERASED;
    fields.push('child.name');
  }
  if (stillHeld(incident.location)) fields.push('location');
  if (stillHeld(incident.description)) fields.push('description');
  const rewrite = notesErased(input.entries);
  if (rewrite.length > 0) fields.push('notes');
  if (fields.length === 0 && !(input.byRetention && incident.eraseDueAt)) return accept(undefined);
  const { eraseDueAt: _ended, ...kept } = incident;
  const at = now.toISOString();
  const next: Incident = {
    ...(input.byRetention ? kept : incident),
    child,
    description: ERASED,
    ...(incident.location !== undefined ? { location: ERASED } : {}),
    version: incident.version + 1,
    updatedAt: at,
  };
  const history = eventEntry('incident', incident, next.version, actor, at, { event: 'erased', reason, erasedFields: fields });
  return accept({ next, history, rewrite });
}

/** Erases a linkage's service, reason and notes (its childRef, the programme's opaque code, stays); undefined when nothing is left. */
export function decideLinkageErasure(input: {
  linkage: Linkage;
  entries: readonly HistoryEntry[];
  actor: Actor;
  reason: string;
  now: Date;
}): Decision<Erasure<Linkage> | undefined> {
  const { linkage, actor, reason, now } = input;
  const fields: ErasedField[] = [];
  if (stillHeld(linkage.service)) fields.push('service');
  if (stillHeld(linkage.reason)) fields.push('reason');
  const rewrite = notesErased(input.entries);
  if (rewrite.length > 0) fields.push('notes');
  if (fields.length === 0) return accept(undefined);
  const at = now.toISOString();
  const next: Linkage = {
    ...linkage,
    service: ERASED,
    ...(linkage.reason !== undefined ? { reason: ERASED } : {}),
    version: linkage.version + 1,
    updatedAt: at,
  };
  const history = eventEntry('linkage', linkage, next.version, actor, at, { event: 'erased', reason, erasedFields: fields });
  return accept({ next, history, rewrite });
}

/** The history entry of a change that keeps the record's status: what happened (`event`), by whom, when. */
function eventEntry(
  entity: HistoryEntry['entity'],
  record: { id: string; status: HistoryEntry['to'] },
  version: number,
  by: Actor,
  at: string,
  what: Pick<HistoryEntry, 'event' | 'reason' | 'until' | 'erasedFields'>,
): HistoryEntry {
  return { entity, entityId: record.id, version, at, by, from: record.status, to: record.status, ...what };
}

/** A coordinator sets (or changes) a legal hold; the same hold again changes nothing (undefined). */
export function decideLegalHold(
  incident: Incident,
  request: LegalHoldRequest,
  actor: Actor,
  now: Date,
): Decision<{ next: Incident; history: HistoryEntry } | undefined> {
  const at = now.toISOString();
  if (request.until !== undefined && request.until <= at)
    return refuse({ kind: 'invalid', path: 'until', message: 'must be in the future' });
  const current = incident.legalHold;
  if (current && current.reason === request.reason && current.until === request.until) return accept(undefined);
  const next: Incident = {
    ...incident,
    legalHold: { reason: request.reason, since: at, by: actor, ...(request.until ? { until: request.until } : {}) },
    version: incident.version + 1,
    updatedAt: at,
  };
  const history = eventEntry('incident', incident, next.version, actor, at, {
    event: 'legal_hold_set',
    reason: request.reason,
    ...(request.until ? { until: request.until } : {}),
  });
  return accept({ next, history });
}

/** A coordinator lifts the hold; lifting none changes nothing (undefined). Its erasure, if due, follows on the next run. */
export function decideLegalHoldLifted(incident: Incident, actor: Actor, now: Date): { next: Incident; history: HistoryEntry } | undefined {
  if (!incident.legalHold) return undefined;
  const { legalHold: _lifted, ...rest } = incident;
  const at = now.toISOString();
  const next: Incident = { ...rest, version: incident.version + 1, updatedAt: at };
  return { next, history: eventEntry('incident', incident, next.version, actor, at, { event: 'legal_hold_lifted' }) };
}

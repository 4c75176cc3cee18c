// Reporting, reading and moving incidents: the rules of DOMAIN.md applied to a caller and the store.
import {
  actorOf,
  type Caller,
  canSeeHistory,
  canSeeIncident,
  historyView,
  incidentView,
  requireVillage,
  type Viewer,
  viewerOf,
} from '../domain/access.js';
import { RefusedError, unwrap } from '../domain/decision.js';
import { alertOf, withLadderStopUnderCurrentRules } from '../domain/escalation.js';
import {
  type ContactRef,
  decideDutyDone,
  decideIncidentTransition,
  decideNote,
  dutyOf,
  ladderRunning,
} from '../domain/incident-workflow.js';
import { DUTY_LABELS } from '../domain/labels.js';
import { type IncidentFilter, NotFoundError, type Page, type PageRequest, VersionConflictError } from '../domain/ports.js';
import type { CreateOutcome } from '../domain/results.js';
import { withEraseDueAt } from '../domain/retention.js';
import {
  ACK_WITHIN_MINUTES,
  addMinutes,
  type DutyId,
  deadline,
  dutiesFor,
  effectiveSeverity,
  IN_ACTION_WITHIN_MINUTES,
  planRouting,
  ROUTING_RULES,
} from '../domain/routing.js';
import type {
  Duty,
  HistoryEntryView,
  Incident,
  IncidentCorrection,
  IncidentReport,
  IncidentTransitionRequest,
  IncidentView,
  NotificationRecord,
} from '../domain/schemas.js';
import { isVillageKind } from '../domain/vocabulary.js';
import { countMetric } from '../observability/metrics.js';
import { incidentRead, recordReads } from './audit.js';
import { reachableByKind } from './coverage.js';
import {
  allVillageIds,
  createOutcome,
  type Dependencies,
  type IdempotencyRequest,
  idempotencyClaim,
  refuseFutureInstant,
} from './dependencies.js';
import { standing } from './standing.js';

/** A report this soon after another of the same village, category, age band and gender may be the same child. */
const POSSIBLE_DUPLICATE_WITHIN_DAYS = 14;

export async function reportIncident(
  deps: Dependencies,
  signedIn: Caller,
  report: IncidentReport,
  idempotency?: IdempotencyRequest,
): Promise<CreateOutcome<IncidentView & { routedTo: string[] }>> {
  const now = deps.clock();
  const plan = planRouting({ ...report, now });
  // Every read at once (the caller's standing among them): nothing is written before the checks below.
  const [caller, village, reachable, earlier] = await Promise.all([
    standing(deps.directory, signedIn),
    deps.directory.getVillage(report.villageId),
    reachableByKind(deps.directory, report.villageId, plan.routing.firstAlert),
    possibleDuplicateOf(deps, report, now),
  ]);
  requireVillage(caller, report.villageId);
  refuseFutureInstant(report.occurredAt, now, 'occurredAt');
  const severity = unwrap(
    effectiveSeverity({
      category: report.category,
      ...(report.severity ? { requested: report.severity } : {}),
      expectedBy: report.expectedBy,
      now,
      reporterIsCoordinator: caller.role === 'coordinator',
    }),
  );
  const viewer = viewerOf(caller);
  if (!village) throw new RefusedError({ kind: 'invalid', path: 'villageId', message: 'is not a village of the programme' });

  const reportedAt = now.toISOString();
  const firstAlert = alertOf('first_alert', plan.routing.firstAlert, reachable, now);
  // Due at once when the harm is under 24 hours away: its kinds are in the first alert, so nobody more is told.
  const preHarm = plan.preHarmAlerted
    ? [{ step: 'pre_harm', at: reportedAt, kinds: [...ROUTING_RULES[report.category].preHarm], contactIds: [], missing: [] }]
    : [];
  const actor = actorOf(caller);
  const incident: Omit<Incident, 'shortCode'> = {
    id: deps.newId(now),
    villageId: report.villageId,
    category: report.category,
    severity,
    occurredAt: report.occurredAt ?? reportedAt,
    ...(report.expectedBy ? { expectedBy: report.expectedBy } : {}),
    child: report.child,
    description: report.description,
    ...(report.location ? { location: report.location } : {}),
    medicalCareNeeded: report.medicalCareNeeded,
    confidential: plan.confidential,
    status: 'reported',
    reportedAt,
    reportedBy: actor,
    routedTo: firstAlert.contactIds,
    routing: plan.routing,
    alerts: [firstAlert, ...preHarm],
    escalationStep: 0,
    ackDueAt: deadline(now, ACK_WITHIN_MINUTES[severity], report.expectedBy).toISOString(),
    acknowledgements: [],
    duties: dutiesOf(dutiesFor(report.category, report.medicalCareNeeded, now, report.expectedBy)),
    ...(earlier ? { possibleDuplicateOf: earlier.id } : {}),
    version: 1,
    updatedAt: reportedAt,
  };
  // The reporter is told who will be alerted (the issue asks for routedTo in the 201), whatever their view hides later.
  const reporterView = (created: Incident) => ({ ...incidentView(viewer, created), routedTo: created.routedTo });
  const result = await deps.incidents.create(
    { incident, history: { entity: 'incident', version: 1, at: reportedAt, by: actor, from: null, to: 'reported' } },
    idempotencyClaim(caller, idempotency, reporterView),
  );
  if (!result.replayed) countMetric('IncidentsReported');
  return createOutcome(result, reporterView);
}

const dutiesOf = (due: { id: DutyId; dueAt: string }[]): Duty[] => due.map((duty) => ({ ...duty, label: DUTY_LABELS[duty.id].name }));

/** The latest report of the same village, category, age band and gender in the last 14 days: still alerted, but flagged. */
async function possibleDuplicateOf(deps: Dependencies, report: IncidentReport, now: Date): Promise<Incident | undefined> {
  const from = addMinutes(now, -POSSIBLE_DUPLICATE_WITHIN_DAYS * 24 * 60).toISOString();
  const recent = await deps.incidents.listInVillages([report.villageId], { category: report.category, from }, { limit: 100 });
  return recent.items.find(
    (other) => other.child.ageBand === report.child.ageBand && other.child.gender === report.child.gender && other.status !== 'duplicate',
  );
}

export interface IncidentListQuery extends IncidentFilter {
  villageId?: string;
}

export async function listIncidents(
  deps: Dependencies,
  signedIn: Caller,
  query: IncidentListQuery,
  page: PageRequest,
  via: string,
): Promise<Page<IncidentView>> {
  const caller = await standing(deps.directory, signedIn);
  const { villageId, ...filter } = query;
  if (villageId) requireVillage(caller, villageId);
  let found: Page<Incident>;
  if (caller.role === 'coordinator') {
    found = await deps.incidents.listInVillages(villageId ? [villageId] : await allVillageIds(deps.directory), filter, page);
  } else if (caller.role === 'duty_bearer') {
    found = caller.contactId ? await deps.incidents.listRoutedTo(caller.contactId, filter, page) : { items: [] };
  } else {
    found = await deps.incidents.listReportedBy(caller.sub, filter, page);
  }
  // Routed and reported lists span villages; a village filter, and the caller's standing, narrow them here.
  const items = found.items.filter((incident) => canSeeIncident(caller, incident) && (!villageId || incident.villageId === villageId));
  await recordReads(deps, caller, via, items.map(incidentRead));
  const viewer = viewerOf(caller);
  return { ...found, items: items.map((incident) => incidentView(viewer, incident)) };
}

/** The incident if this caller may see it; otherwise not found, so its existence is not leaked. */
export async function visibleIncident(deps: Dependencies, caller: Caller, id: string): Promise<Incident> {
  return visibleOrNotFound(caller, await deps.incidents.get(id));
}

/** The incident if the caller may see it; otherwise not found, so that its existence is not leaked. */
function visibleOrNotFound(caller: Caller, incident: Incident | undefined): Incident {
  if (!incident || !canSeeIncident(caller, incident)) throw new NotFoundError('no such incident');
  return incident;
}

/** A visible incident still at the version the caller last read (If-Match). */
async function currentIncident(deps: Dependencies, caller: Caller, id: string, expectedVersion: number): Promise<Incident> {
  const incident = await visibleIncident(deps, caller, id);
  if (incident.version !== expectedVersion) throw new VersionConflictError('stale If-Match');
  return incident;
}

export async function getIncident(deps: Dependencies, signedIn: Caller, id: string, via: string): Promise<IncidentView> {
  // The caller's standing and the incident, read at once.
  const [caller, found] = await Promise.all([standing(deps.directory, signedIn), deps.incidents.get(id)]);
  const incident = visibleOrNotFound(caller, found);
  await recordReads(deps, caller, via, [incidentRead(incident)]);
  return incidentView(viewerOf(caller), incident);
}

export async function incidentHistory(deps: Dependencies, signedIn: Caller, id: string, via: string): Promise<HistoryEntryView[]> {
  const [caller, incident] = await Promise.all([standing(deps.directory, signedIn), deps.incidents.get(id)]);
  if (!incident || !canSeeHistory(caller, incident)) throw new NotFoundError('no such incident');
  await recordReads(deps, caller, via, [incidentRead(incident)]);
  return historyView(viewerOf(caller), await deps.incidents.history(incident.id));
}

/** Every SMS about an incident, with how each ended; never a phone number or a text (coordinators only). */
export async function incidentNotifications(deps: Dependencies, caller: Caller, id: string, via: string): Promise<NotificationRecord[]> {
  const incident = await visibleIncident(deps, caller, id);
  await recordReads(deps, caller, via, [incidentRead(incident)]);
  return deps.notifications.listForIncident(incident.id);
}

export async function transitionIncident(
  deps: Dependencies,
  signedIn: Caller,
  id: string,
  request: IncidentTransitionRequest,
  expectedVersion: number,
): Promise<IncidentView> {
  const caller = await standing(deps.directory, signedIn);
  const incident = await currentIncident(deps, caller, id, expectedVersion);
  if (request.duplicateOf) await requireDuplicateTarget(deps, incident, request.duplicateOf);
  const actorContact = actorContactOf(caller);
  const onBehalfOf = request.onBehalfOf ? await contactRef(deps, request.onBehalfOf) : undefined;
  const { next: moved, history } = unwrap(
    decideIncidentTransition({
      incident,
      request,
      actor: actorOf(caller),
      ...(actorContact ? { actorContact } : {}),
      ...(onBehalfOf ? { onBehalfOf } : {}),
      now: deps.clock(),
    }),
  );
  // Closing starts the retention period of its personal fields; a reopen stops it.
  const next = moved.status === incident.status ? moved : withEraseDueAt(moved, deps.retention, history.at);
  await deps.incidents.transition(next, history, incident);
  return incidentView(viewerOf(caller), next);
}

/** The caller's own contact as the workflow needs it, from its standing. */
const actorContactOf = (caller: Caller): ContactRef | undefined =>
  caller.contactId && caller.kind ? { id: caller.contactId, kind: caller.kind } : undefined;

/** A duplicate names an existing incident of the same village. */
async function requireDuplicateTarget(deps: Dependencies, incident: Incident, duplicateOf: string): Promise<void> {
  const original = await deps.incidents.get(duplicateOf);
  if (!original) throw new NotFoundError('duplicateOf names no incident');
  if (original.villageId !== incident.villageId) {
    throw new RefusedError({ kind: 'conflict', message: 'duplicateOf must be an incident of the same village' });
  }
}

/** A note in the history. A retry of the same note by the same caller (a phone's resend) answers the note already there. */
export async function addNote(deps: Dependencies, signedIn: Caller, id: string, note: string): Promise<HistoryEntryView> {
  const caller = await standing(deps.directory, signedIn);
  const incident = await visibleIncident(deps, caller, id);
  const viewer = viewerOf(caller);
  const last = (await deps.incidents.history(incident.id)).at(-1);
  if (last?.event === 'note' && last.note === note && last.by.sub === caller.sub) return historyOne(viewer, last);
  const { next, history } = unwrap(decideNote(incident, actorOf(caller), note, deps.clock()));
  await deps.incidents.transition(next, history, incident);
  return historyOne(viewer, { ...history, entityId: incident.id });
}

const historyOne = (viewer: Viewer, entry: Parameters<typeof historyView>[1][number]) =>
  historyView(viewer, [entry])[0] as HistoryEntryView;

export async function recordDuty(
  deps: Dependencies,
  signedIn: Caller,
  id: string,
  dutyId: string,
  request: { reference: string; note?: string | undefined },
  expectedVersion: number,
): Promise<IncidentView> {
  const caller = await standing(deps.directory, signedIn);
  const incident = await visibleIncident(deps, caller, id);
  const duty = dutyOf(incident, dutyId);
  if (!duty) throw new NotFoundError('this incident has no such duty');
  if (incident.version !== expectedVersion) throw new VersionConflictError('stale If-Match');
  const actorContact = actorContactOf(caller);
  const { next, history } = unwrap(
    decideDutyDone({ incident, duty, ...request, actor: actorOf(caller), ...(actorContact ? { actorContact } : {}), now: deps.clock() }),
  );
  await deps.incidents.transition(next, history, incident);
  return incidentView(viewerOf(caller), next);
}

/**
 * A coordinator's correction of the category, severity or confidentiality: the routing is
 * recomputed and stored, newly due recipients are alerted (never a village kind of a now
 * confidential case, who also lose their access), deadlines and duties follow, the history records it.
 */
export async function correctIncident(
  deps: Dependencies,
  caller: Caller,
  id: string,
  patch: IncidentCorrection,
  expectedVersion: number,
): Promise<IncidentView> {
  const incident = await currentIncident(deps, caller, id, expectedVersion);
  const now = deps.clock();
  const category = patch.category ?? incident.category;
  const rule = ROUTING_RULES[category];
  if (patch.confidential === false && rule.alwaysConfidential) {
    throw new RefusedError({ kind: 'invalid', path: 'confidential', message: 'this category is always confidential' });
  }
  const recategorised = category !== incident.category;
  const requested = patch.severity ?? (recategorised ? rule.defaultSeverity : incident.severity);
  const severity = unwrap(effectiveSeverity({ category, requested, expectedBy: incident.expectedBy, now, reporterIsCoordinator: true }));
  const plan = planRouting({
    category,
    medicalCareNeeded: incident.medicalCareNeeded,
    confidential: patch.confidential ?? incident.confidential,
    expectedBy: incident.expectedBy,
    now,
  });
  const rerouted = recategorised || plan.confidential !== incident.confidential;
  const routing = rerouted
    ? { ...plan.routing, ladderFrom: recategorised ? incident.escalationStep : incident.routing.ladderFrom }
    : incident.routing;

  const kept = plan.confidential && !incident.confidential ? await withoutVillageKinds(deps, incident.routedTo) : incident.routedTo;
  const version = incident.version + 1;
  const alert = rerouted
    ? alertOf(
        `correction_${version}`,
        routing.firstAlert,
        await reachableByKind(deps.directory, incident.villageId, routing.firstAlert),
        now,
        kept,
      )
    : undefined;
  const at = now.toISOString();
  const next: Incident = withLadderStopUnderCurrentRules({
    ...incident,
    category,
    severity,
    confidential: plan.confidential,
    routing,
    routedTo: [...new Set([...kept, ...(alert?.contactIds ?? [])])],
    alerts: alert ? [...incident.alerts, alert] : incident.alerts,
    duties: recategorised ? correctedDuties(incident, category) : incident.duties,
    version,
    updatedAt: at,
  });
  if (ladderRunning(next) && (recategorised || severity !== incident.severity || !next.ladderStoppedBy !== !incident.ladderStoppedBy)) {
    next.ackDueAt = deadline(now, ACK_WITHIN_MINUTES[next.severity], incident.expectedBy).toISOString();
  }
  if (next.inActionDueAt && severity !== incident.severity) {
    next.inActionDueAt = deadline(now, IN_ACTION_WITHIN_MINUTES[next.severity], incident.expectedBy).toISOString();
  }
  const facts = (of: Incident) => ({ category: of.category, severity: of.severity, confidential: of.confidential });
  await deps.incidents.transition(
    next,
    {
      entity: 'incident',
      entityId: incident.id,
      version,
      at,
      by: actorOf(caller),
      from: incident.status,
      to: incident.status,
      event: 'corrected',
      reason: patch.reason,
      correction: { before: facts(incident), after: facts(next) },
    },
    incident,
  );
  return incidentView('coordinator', next);
}

/** Duties of the new category, due from the report; those already done stay on record. */
function correctedDuties(incident: Incident, category: Incident['category']): Duty[] {
  const fresh = dutiesOf(dutiesFor(category, incident.medicalCareNeeded, new Date(incident.reportedAt), incident.expectedBy));
  const done = incident.duties.filter((duty) => duty.doneAt);
  const kept = fresh.map((duty) => incident.duties.find((earlier) => earlier.id === duty.id) ?? duty);
  return [...done.filter((duty) => !kept.some((each) => each.id === duty.id)), ...kept];
}

/** The contacts who keep access when a case turns confidential: nobody who lives in the village. */
async function withoutVillageKinds(deps: Dependencies, contactIds: readonly string[]): Promise<string[]> {
  const contacts = await Promise.all(contactIds.map((contactId) => deps.directory.getContact(contactId)));
  return contactIds.filter((_, index) => {
    const contact = contacts[index];
    return contact !== undefined && !isVillageKind(contact.kind);
  });
}

async function contactRef(deps: Dependencies, id: string): Promise<ContactRef | undefined> {
  const contact = await deps.directory.getContact(id);
  return contact ? { id: contact.id, kind: contact.kind } : undefined;
}

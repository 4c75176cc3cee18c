// Reporting, reading and moving incidents: the rules of DOMAIN.md applied to a caller and the store.
import { actorOf, type Caller, canSeeHistory, canSeeIncident, historyView, incidentView, requireVillage } from '../domain/access.js';
import { RefusedError, unwrap } from '../domain/decision.js';
import { type ContactRef, decideIncidentTransition } from '../domain/incident-workflow.js';
import { type IncidentFilter, NotFoundError, type Page, type PageRequest, VersionConflictError } from '../domain/ports.js';
import type { CreateOutcome } from '../domain/results.js';
import { ackDueAt, effectiveSeverity, isConfidential, planRouting } from '../domain/routing.js';
import type {
  HistoryEntryView,
  Incident,
  IncidentReport,
  IncidentTransitionRequest,
  IncidentView,
  NotificationRecord,
} from '../domain/schemas.js';
import { countMetric } from '../observability/metrics.js';
import { allVillageIds, createOutcome, type Dependencies, type IdempotencyRequest, idempotencyClaim } from './dependencies.js';

/** Phones' clocks drift: a report "occurred" slightly in the future is accepted up to this much. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export async function reportIncident(
  deps: Dependencies,
  caller: Caller,
  report: IncidentReport,
  idempotency?: IdempotencyRequest,
): Promise<CreateOutcome<IncidentView & { routedTo: string[] }>> {
  requireVillage(caller, report.villageId);
  const now = deps.clock();
  if (report.occurredAt && Date.parse(report.occurredAt) > now.getTime() + CLOCK_SKEW_MS) {
    throw new RefusedError({ kind: 'invalid', path: 'occurredAt', message: 'must not be in the future' });
  }
  const severity = effectiveSeverity({
    category: report.category,
    ...(report.severity ? { requested: report.severity } : {}),
    ...(report.expectedBy ? { expectedBy: new Date(report.expectedBy) } : {}),
    now,
    reporterIsCoordinator: caller.role === 'coordinator',
  });
  if (!severity.ok) throw new RefusedError({ kind: 'invalid', path: 'severity', message: severity.message });
  const confidential = isConfidential(report.category, report.confidential);
  const plan = planRouting({ category: report.category, medicalCareNeeded: report.medicalCareNeeded, confidential });

  const [village, recipients] = await Promise.all([
    deps.directory.getVillage(report.villageId),
    deps.directory.contactsCovering(report.villageId, plan.firstAlertKinds),
  ]);
  if (!village) throw new RefusedError({ kind: 'invalid', path: 'villageId', message: 'is not a village of the programme' });

  const reportedAt = now.toISOString();
  const id = deps.newId(now);
  const actor = actorOf(caller);
  const incident: Omit<Incident, 'shortCode'> = {
    id,
    villageId: report.villageId,
    category: report.category,
    severity: severity.severity,
    occurredAt: report.occurredAt ?? reportedAt,
    ...(report.expectedBy ? { expectedBy: report.expectedBy } : {}),
    child: report.child,
    description: report.description,
    ...(report.location ? { location: report.location } : {}),
    medicalCareNeeded: report.medicalCareNeeded,
    confidential,
    status: 'reported',
    reportedAt,
    reportedBy: actor,
    // Active contacts only; whether each still accepts SMS is checked again when it is sent.
    routedTo: [...new Set(recipients.filter((contact) => contact.active).map((contact) => contact.id))],
    escalationStep: 0,
    ackDueAt: ackDueAt(severity.severity, now).toISOString(),
    version: 1,
    updatedAt: reportedAt,
  };
  // The reporter is told who will be alerted (the issue asks for routedTo in the 201), whatever their view hides later.
  const reporterView = (created: Incident) => ({ ...incidentView(caller, created), routedTo: created.routedTo });
  const result = await deps.incidents.create(
    { incident, history: { entity: 'incident', version: 1, at: reportedAt, by: actor, from: null, to: 'reported' } },
    idempotencyClaim(caller, idempotency, reporterView),
  );
  if (!result.replayed) countMetric('IncidentsReported');
  return createOutcome(result, reporterView);
}

export interface IncidentListQuery extends IncidentFilter {
  villageId?: string;
}

export async function listIncidents(
  deps: Dependencies,
  caller: Caller,
  query: IncidentListQuery,
  page: PageRequest,
): Promise<Page<IncidentView>> {
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
  // Routed and reported lists span villages; a village filter narrows them here.
  const items = found.items.filter((incident) => !villageId || incident.villageId === villageId);
  deps.accessLog.incidentsRead(
    caller,
    'list',
    items.map((incident) => incident.id),
  );
  return { ...found, items: items.map((incident) => incidentView(caller, incident)) };
}

/** The incident if this caller may see it; otherwise not found, so its existence is not leaked. */
async function visibleIncident(deps: Dependencies, caller: Caller, id: string): Promise<Incident> {
  const incident = await deps.incidents.get(id);
  if (!incident || !canSeeIncident(caller, incident)) throw new NotFoundError('no such incident');
  return incident;
}

export async function getIncident(deps: Dependencies, caller: Caller, id: string): Promise<IncidentView> {
  const incident = await visibleIncident(deps, caller, id);
  deps.accessLog.incidentsRead(caller, 'read', [incident.id]);
  return incidentView(caller, incident);
}

export async function incidentHistory(deps: Dependencies, caller: Caller, id: string): Promise<HistoryEntryView[]> {
  const incident = await deps.incidents.get(id);
  if (!incident || !canSeeHistory(caller, incident)) throw new NotFoundError('no such incident');
  deps.accessLog.incidentsRead(caller, 'history', [incident.id]);
  return historyView(caller, await deps.incidents.history(incident.id));
}

/** Every SMS about an incident, with how each ended; never a phone number or a text (coordinators only). */
export async function incidentNotifications(deps: Dependencies, caller: Caller, id: string): Promise<NotificationRecord[]> {
  const incident = await visibleIncident(deps, caller, id);
  deps.accessLog.incidentsRead(caller, 'notifications', [incident.id]);
  return deps.notifications.listForIncident(incident.id);
}

export async function transitionIncident(
  deps: Dependencies,
  caller: Caller,
  id: string,
  request: IncidentTransitionRequest,
  expectedVersion: number,
): Promise<IncidentView> {
  const incident = await visibleIncident(deps, caller, id);
  if (incident.version !== expectedVersion) throw new VersionConflictError('stale If-Match');
  const [actorContact, onBehalfOf] = await Promise.all([
    caller.contactId ? contactRef(deps, caller.contactId) : undefined,
    request.onBehalfOf ? contactRef(deps, request.onBehalfOf) : undefined,
  ]);
  const { next, history } = unwrap(
    decideIncidentTransition({
      incident,
      request,
      actor: actorOf(caller),
      ...(actorContact ? { actorContact } : {}),
      ...(onBehalfOf ? { onBehalfOf } : {}),
      now: deps.clock(),
    }),
  );
  await deps.incidents.transition(next, history, incident);
  return incidentView(caller, next);
}

async function contactRef(deps: Dependencies, id: string): Promise<ContactRef | undefined> {
  const contact = await deps.directory.getContact(id);
  return contact ? { id: contact.id, kind: contact.kind } : undefined;
}

// What a coordinator does for the people Suraksha holds data about (DOMAIN.md "Data protection"):
// reads an incident's access log and the audit records, sets and lifts legal holds, erases on
// request, and exports everything held about an incident or a child, each export audited.
import { actorOf, type Caller, historyView, incidentView } from '../domain/access.js';
import { unwrap } from '../domain/decision.js';
import { allPages, NotFoundError, type Page, type PageRequest, VersionConflictError } from '../domain/ports.js';
import { decideLegalHold, decideLegalHoldLifted, decideLinkageErasure } from '../domain/retention.js';
import type { AuditRecord, HistoryEntry, Incident, IncidentView, LegalHoldRequest, Linkage } from '../domain/schemas.js';
import { incidentRead, linkageRead, recordReads } from './audit.js';
import type { Dependencies } from './dependencies.js';
import { visibleIncident } from './incidents.js';
import { eraseIncident } from './retention.js';

/** Who read the incident, newest first (coordinators; reading it is not itself a read of the incident). */
export async function incidentAccessLog(deps: Dependencies, caller: Caller, id: string, page: PageRequest): Promise<Page<AuditRecord>> {
  const incident = await visibleIncident(deps, caller, id);
  return deps.audit.listForRecord('incident', incident.id, page);
}

/** A change to the incident as it stands now, decided again if another change wins the race (no If-Match here: a retry is the same request). */
async function changeIncident(
  deps: Dependencies,
  caller: Caller,
  id: string,
  change: (incident: Incident) => Promise<Incident>,
): Promise<IncidentView> {
  for (let attempt = 1; ; attempt++) {
    const incident = await visibleIncident(deps, caller, id);
    try {
      return incidentView('coordinator', await change(incident));
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 3) throw error;
    }
  }
}

export function setLegalHold(deps: Dependencies, caller: Caller, id: string, request: LegalHoldRequest): Promise<IncidentView> {
  return changeIncident(deps, caller, id, async (incident) => {
    const decided = unwrap(decideLegalHold(incident, request, actorOf(caller), deps.clock()));
    return decided ? deps.incidents.transition(decided.next, decided.history, incident) : incident;
  });
}

export function liftLegalHold(deps: Dependencies, caller: Caller, id: string): Promise<IncidentView> {
  return changeIncident(deps, caller, id, async (incident) => {
    const decided = decideLegalHoldLifted(incident, actorOf(caller), deps.clock());
    return decided ? deps.incidents.transition(decided.next, decided.history, incident) : incident;
  });
}

/** Erasure on request: refused (409) under a legal hold; a repeat finds nothing left and changes nothing. */
export function eraseIncidentOnRequest(deps: Dependencies, caller: Caller, id: string, reason: string): Promise<IncidentView> {
  return changeIncident(deps, caller, id, (incident) =>
    eraseIncident(deps, incident, { actor: actorOf(caller), reason, now: deps.clock() }),
  );
}

/** Every linkage of a child, oldest first, as a child's records are read. */
async function linkagesOfChild(deps: Dependencies, childRef: string): Promise<Linkage[]> {
  return (await allPages((page) => deps.activities.listLinkagesOfChild(childRef, page))).reverse();
}

/** Erasure of a child's linkages on request: their service, reasons and notes; 404 when the programme holds none. */
export async function eraseChild(
  deps: Dependencies,
  caller: Caller,
  childRef: string,
  reason: string,
): Promise<{ childRef: string; linkages: Linkage[] }> {
  const linkages = await linkagesOfChild(deps, childRef);
  if (linkages.length === 0) throw new NotFoundError('no linkage of this child');
  const erased: Linkage[] = [];
  for (const linkage of linkages) {
    const entries = await deps.activities.linkageHistory(linkage.id);
    const decided = unwrap(decideLinkageErasure({ linkage, entries, actor: actorOf(caller), reason, now: deps.clock() }));
    if (!decided) {
      erased.push(linkage);
      continue;
    }
    await deps.activities.rewriteHistory(decided.rewrite, linkage.villageId);
    erased.push(await deps.activities.transitionLinkage(decided.next, decided.history, linkage.version));
  }
  return { childRef, linkages: erased };
}

/** Everything held about an incident, as the coordinator's view holds it, in one document; the export is audited. */
export async function exportIncident(deps: Dependencies, caller: Caller, id: string, via: string) {
  const incident = await visibleIncident(deps, caller, id);
  await recordReads(deps, caller, via, [incidentRead(incident)]);
  const [history, notifications, accessLog] = await Promise.all([
    deps.incidents.history(incident.id),
    deps.notifications.listForIncident(incident.id),
    allPages((page) => deps.audit.listForRecord('incident', incident.id, page)),
  ]);
  return {
    exportedAt: deps.clock().toISOString(),
    incident: incidentView('coordinator', incident),
    history: historyView('coordinator', history),
    notifications,
    accessLog,
  };
}

/** Everything held about a child across its linkages, in one document; each linkage's read is audited. */
export async function exportChild(deps: Dependencies, caller: Caller, childRef: string, via: string) {
  const linkages = await linkagesOfChild(deps, childRef);
  if (linkages.length === 0) throw new NotFoundError('no linkage of this child');
  await recordReads(deps, caller, via, linkages.map(linkageRead));
  const held = await Promise.all(
    linkages.map(async (linkage) => {
      const [history, accessLog]: [HistoryEntry[], AuditRecord[]] = await Promise.all([
        deps.activities.linkageHistory(linkage.id),
        allPages((page) => deps.audit.listForRecord('linkage', linkage.id, page)),
      ]);
      return { linkage, history, accessLog };
    }),
  );
  return { exportedAt: deps.clock().toISOString(), childRef, linkages: held };
}

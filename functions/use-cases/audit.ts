// Audit records (DOMAIN.md "Privacy rules"): every read of an incident, its history, notifications or
// duties, a linkage, or a week's metrics is recorded before it is answered: who, with which role, which
// record, by which route, when; never anything of what was read. A read whose record cannot be written
// is not served (AuditUnavailableError, HTTP 503).
import { actorOf, type Caller } from '../domain/access.js';
import { type AuditStore, allPages, type Page, type PageRequest, type TimeRange } from '../domain/ports.js';
import type { AuditRecord, Incident, Linkage } from '../domain/schemas.js';
import type { AuditedRecord } from '../domain/vocabulary.js';

export interface AuditDependencies {
  audit: AuditStore;
  clock: () => Date;
  newId: (at: Date) => string;
}

/** A record as an audit record names it: its kind, its id and, for a breach notice's scope, its village. */
export interface ReadRecord {
  type: AuditedRecord;
  id: string;
  villageId?: string;
}

export const incidentRead = (incident: Pick<Incident, 'id' | 'villageId'>): ReadRecord => ({
  type: 'incident',
  id: incident.id,
  villageId: incident.villageId,
});
export const linkageRead = (linkage: Pick<Linkage, 'id' | 'villageId'>): ReadRecord => ({
  type: 'linkage',
  id: linkage.id,
  villageId: linkage.villageId,
});

/** Records that `caller` read these records by the route `via`; one audit record each. */
export async function recordReads(deps: AuditDependencies, caller: Caller, via: string, records: readonly ReadRecord[]): Promise<void> {
  if (records.length === 0) return;
  const now = deps.clock();
  const at = now.toISOString();
  const actor = actorOf(caller);
  await deps.audit.record(
    records.map(
      ({ type, id, villageId }): AuditRecord => ({
        id: deps.newId(now),
        at,
        actor,
        record: { type, id },
        ...(villageId ? { villageId } : {}),
        route: via,
      }),
    ),
  );
}

/** The audit records in a window, by one reader when named, newest first (coordinators). */
export function auditTrail(deps: AuditDependencies, filter: TimeRange & { actor?: string }, page: PageRequest): Promise<Page<AuditRecord>> {
  return deps.audit.list(filter, page);
}

/** What a breach notice must cover: the incidents and linkages read in a window, by id and village only. */
export interface BreachScope {
  from: string;
  to: string;
  actor?: string;
  incidents: { id: string; villageId?: string }[];
  linkages: { id: string; villageId?: string }[];
  villages: string[];
  /** Audit records read to find them. */
  reads: number;
}

/** From the audit records: every incident and linkage read in the window (by one reader when named), each once. */
export async function breachScope(
  deps: Pick<AuditDependencies, 'audit'>,
  window: { from: string; to: string; actor?: string },
): Promise<BreachScope> {
  const reads = await allPages((page) => deps.audit.list(window, page));
  const of = (type: AuditedRecord) => {
    const records = new Map<string, string | undefined>();
    for (const read of reads) if (read.record.type === type) records.set(read.record.id, read.villageId);
    return [...records].sort(([a], [b]) => a.localeCompare(b)).map(([id, villageId]) => ({ id, ...(villageId ? { villageId } : {}) }));
  };
  const incidents = of('incident');
  const linkages = of('linkage');
  const villages = [...new Set([...incidents, ...linkages].flatMap((record) => (record.villageId ? [record.villageId] : [])))].sort();
  return { ...window, incidents, linkages, villages, reads: reads.length };
}

// Incidents on the single table: the record, its history and route items, its short code, and
// the indexes that list it by village, reporter, recipient and deadline.
import { randomBytes } from 'node:crypto';
import type { CreateResult, IdempotencyClaim, IncidentFilter, IncidentStore, NewIncident, Page, PageRequest } from '../../domain/ports.js';
import type { HistoryEntry, Incident } from '../../domain/schemas.js';
import { generateShortCode } from '../../domain/short-code.js';
import { createWith, putNew, replaceVersioned } from './creates.js';
import { dueSortKey, HISTORY_PREFIX, historyItem, incidentItem, keyOf, partitionOf, routeItem, shortCodeItem } from './items.js';
import { type Pager, type QueryOptions, timeWindow, withCursor } from './paging.js';
import { TransactionCancelledError } from './table.js';

const SHORT_CODE_ATTEMPTS = 8;

export interface IncidentStoreOptions {
  clock: () => Date;
  /** Injected so a test can force short-code collisions. */
  shortCodes?: () => string;
}

export class TableIncidentStore implements IncidentStore {
  private readonly shortCodes: () => string;

  constructor(
    private readonly pager: Pager,
    private readonly options: IncidentStoreOptions,
  ) {
    this.shortCodes = options.shortCodes ?? (() => generateShortCode((size) => randomBytes(size)));
  }

  async create(input: NewIncident, idempotency?: IdempotencyClaim<Incident>): Promise<CreateResult<Incident>> {
    for (let attempt = 1; ; attempt++) {
      const incident: Incident = { ...input.incident, shortCode: this.shortCodes() };
      const history: HistoryEntry = { ...input.history, entityId: incident.id };
      const shortCodeIndex = 2;
      const writes = [
        putNew(incidentItem(incident)),
        putNew(historyItem(history, incident.villageId)),
        putNew(shortCodeItem(incident.shortCode, incident.id)),
        ...incident.routedTo.map((contactId) => putNew(routeItem(incident, contactId))),
      ];
      try {
        return await createWith(this.pager.table, this.options.clock, incident, writes, idempotency);
      } catch (error) {
        const collided = error instanceof TransactionCancelledError && error.reasons[shortCodeIndex]?.code === 'ConditionalCheckFailed';
        if (!collided || attempt >= SHORT_CODE_ATTEMPTS) throw error;
      }
    }
  }

  get(id: string): Promise<Incident | undefined> {
    return this.pager.getEntity<Incident>(keyOf.incident(id));
  }

  async transition(next: Incident, history: HistoryEntry, previous: Incident): Promise<Incident> {
    const newlyRouted = next.routedTo.filter((contactId) => !previous.routedTo.includes(contactId));
    await replaceVersioned(this.pager.table, incidentItem(next), previous.version, [
      putNew(historyItem(history, next.villageId)),
      ...newlyRouted.map((contactId) => putNew(routeItem(next, contactId))),
    ]);
    return next;
  }

  listInVillages(villageIds: readonly string[], filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    return this.pager.page<Incident>('timeline', villageIds.map(partitionOf.villageIncidents), listOptions(filter), page);
  }

  listReportedBy(sub: string, filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    return this.pager.page<Incident>('lookup', partitionOf.reportedBy(sub), listOptions(filter), page);
  }

  async listRoutedTo(contactId: string, filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    const incidents = await this.pager.references<Incident>(
      partitionOf.routedTo(contactId),
      (reference) => String(reference.incidentId),
      keyOf.incident,
      { ...timeWindow(filter), newestFirst: true },
      page,
    );
    return withCursor(
      incidents.items.filter((incident) => matches(incident, filter)),
      incidents.nextCursor,
    );
  }

  listDue(villageId: string, instant: Date, page: PageRequest): Promise<Page<Incident>> {
    return this.pager.page<Incident>('due', partitionOf.openIn(villageId), { upTo: dueSortKey(instant) }, page);
  }

  listOpen(villageId: string, page: PageRequest): Promise<Page<Incident>> {
    return this.pager.page<Incident>('due', partitionOf.openIn(villageId), {}, page);
  }

  history(incidentId: string): Promise<HistoryEntry[]> {
    return this.pager.all<HistoryEntry>(keyOf.incident(incidentId).PK, HISTORY_PREFIX, ['villageId']);
  }
}

function listOptions(filter: IncidentFilter): QueryOptions {
  const equals: Record<string, string> = {};
  if (filter.status) equals.status = filter.status;
  if (filter.category) equals.category = filter.category;
  return { ...timeWindow(filter), ...(Object.keys(equals).length > 0 ? { equals } : {}), newestFirst: true };
}

function matches(incident: Incident, filter: IncidentFilter): boolean {
  return (!filter.status || incident.status === filter.status) && (!filter.category || incident.category === filter.category);
}

// Incidents on the single table: the record, its history and route items, its short code, and
// the indexes that list it by village, reporter, recipient and deadline.
import { randomBytes } from 'node:crypto';
import { isOpen } from '../../domain/incident-workflow.js';
import { plannedNotices } from '../../domain/notification-plan.js';
import type {
  CreateResult,
  IdempotencyClaim,
  IncidentFilter,
  IncidentStore,
  NewIncident,
  OpenIncident,
  Page,
  PageRequest,
} from '../../domain/ports.js';
import type { HistoryEntry, Incident } from '../../domain/schemas.js';
import { generateShortCode } from '../../domain/short-code.js';
import { type StoredIncident, upgradeIncident } from '../../domain/stored-incident.js';
import { createWith, putNew, replaceVersioned, rewriteHistory, type StoreContext } from './creates.js';
import {
  DUE_SHARDS,
  dueSortKey,
  HISTORY_PREFIX,
  historyItem,
  incidentItem,
  keyOf,
  noticeItem,
  openMarkerItem,
  partitionOf,
  routeItem,
  shortCodeItem,
} from './items.js';
import { type Pager, type QueryOptions, timeWindow, withCursor } from './paging.js';
import { TransactionCancelledError, type WriteAction } from './table.js';

const SHORT_CODE_ATTEMPTS = 8;

export interface IncidentStoreOptions extends StoreContext {
  /** Injected so a test can force short-code collisions. */
  shortCodes?: () => string;
  onRouteItemsDeferred?: () => void;
}

export class TableIncidentStore implements IncidentStore {
  private readonly shortCodes: () => string;

  constructor(
    private readonly pager: Pager,
    private readonly options: IncidentStoreOptions,
  ) {
    this.shortCodes = options.shortCodes ?? (() => generateShortCode((size) => randomBytes(size)));
  }

  /**
   * The incident, its report in the history, its short code, its open marker and its first-alert
   * notice in one transaction (with the Idempotency-Key's reservation); the route items, one per
   * recipient, after it, so that no number of recipients can outgrow a transaction. Should the
   * process die between the two, the notice is still there and its delivery writes them.
   */
  async create(input: NewIncident, idempotency?: IdempotencyClaim<Incident>): Promise<CreateResult<Incident>> {
    for (let attempt = 1; ; attempt++) {
      const incident: Incident = { ...input.incident, shortCode: this.shortCodes() };
      const history: HistoryEntry = { ...input.history, entityId: incident.id };
      const shortCodeIndex = 2;
      const writes = [
        putNew(incidentItem(incident)),
        putNew(historyItem(history, incident.villageId)),
        putNew(shortCodeItem(incident.shortCode, incident.id)),
        putNew(openMarkerItem(incident)),
        ...noticeWrites(undefined, incident, history),
      ];
      try {
        const result = await createWith(this.pager.table, this.options, incident, writes, idempotency);
        if (!result.replayed) await this.routeAfterCommit(incident, incident.routedTo);
        return result;
      } catch (error) {
        const collided = error instanceof TransactionCancelledError && error.reasons[shortCodeIndex]?.code === 'ConditionalCheckFailed';
        if (!collided || attempt >= SHORT_CODE_ATTEMPTS) throw error;
      }
    }
  }

  async get(id: string): Promise<Incident | undefined> {
    const stored = await this.pager.getEntity<StoredIncident>(keyOf.incident(id));
    return stored && upgradeIncident(stored);
  }

  /** The new state under a version check, with its history entry, its notices and its open marker in one transaction. */
  async transition(next: Incident, history: HistoryEntry, previous: Incident): Promise<Incident> {
    const openMarker: WriteAction[] =
      isOpen(previous.status) === isOpen(next.status)
        ? []
        : [isOpen(next.status) ? { put: openMarkerItem(next) } : { delete: keyOf.openMarker(next.id) }];
    await replaceVersioned(this.pager.table, incidentItem(next), previous.version, [
      putNew(historyItem(history, next.villageId)),
      ...openMarker,
      ...noticeWrites(previous, next, history),
    ]);
    await this.routeAfterCommit(
      next,
      next.routedTo.filter((contactId) => !previous.routedTo.includes(contactId)),
    );
    return next;
  }

  /**
   * The route items of a committed change. Should writing them fail, the change still stands and is
   * answered as done (a retry would report it twice): delivering its notices writes them.
   */
  private async routeAfterCommit(incident: Incident, contactIds: readonly string[]): Promise<void> {
    try {
      await this.ensureRouted(incident, contactIds);
    } catch {
      this.options.onRouteItemsDeferred?.();
    }
  }

  async ensureRouted(incident: Incident, contactIds: readonly string[]): Promise<void> {
    await this.pager.table.writeBatch([...new Set(contactIds)].map((contactId) => ({ put: routeItem(incident, contactId) })));
  }

  async listInVillages(villageIds: readonly string[], filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    return upgraded(
      await this.pager.page<StoredIncident>('timeline', villageIds.map(partitionOf.villageIncidents), listOptions(filter), page),
    );
  }

  async listReportedBy(sub: string, filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    return upgraded(await this.pager.page<StoredIncident>('lookup', partitionOf.reportedBy(sub), listOptions(filter), page));
  }

  async listRoutedTo(contactId: string, filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    const incidents = await this.pager.references<StoredIncident>(
      'lookup',
      partitionOf.routedTo(contactId),
      (reference) => String(reference.incidentId),
      keyOf.incident,
      { ...timeWindow(filter), newestFirst: true },
      page,
    );
    // A route item outlives a recipient taken off the incident (a case made confidential): the incident decides.
    return withCursor(
      incidents.items.map(upgradeIncident).filter((incident) => incident.routedTo.includes(contactId) && matches(incident, filter)),
      incidents.nextCursor,
    );
  }

  async listDue(instant: Date, page: PageRequest): Promise<Page<Incident>> {
    return upgraded(
      await this.pager.page<StoredIncident>('due', DUE_SHARDS.map(partitionOf.deadlines), { upTo: dueSortKey(instant) }, page),
    );
  }

  listOpen(villageId: string, page: PageRequest): Promise<Page<OpenIncident>> {
    return this.pager.page<OpenIncident>('lookup', partitionOf.openIn(villageId), {}, page);
  }

  history(incidentId: string): Promise<HistoryEntry[]> {
    return this.pager.all<HistoryEntry>(keyOf.incident(incidentId).PK, HISTORY_PREFIX, ['villageId']);
  }

  async listDueForErasure(instant: Date, page: PageRequest): Promise<Page<Incident>> {
    return upgraded(
      await this.pager.page<StoredIncident>('due', DUE_SHARDS.map(partitionOf.erasures), { upTo: dueSortKey(instant) }, page),
    );
  }

  rewriteHistory(entries: readonly HistoryEntry[], villageId: string): Promise<void> {
    return rewriteHistory(this.pager.table, entries, villageId);
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

/** The notices a change calls for, stored with it: the stream and the sweeper deliver them. */
function noticeWrites(previous: Incident | undefined, next: Incident, history: HistoryEntry): WriteAction[] {
  return plannedNotices(previous, next, history).map((notice) => ({ put: noticeItem(notice) }));
}

const upgraded = (page: Page<StoredIncident>): Page<Incident> => ({ ...page, items: page.items.map(upgradeIncident) });

// Meetings and service linkages on the single table.
import type { ActivityStore, CreateResult, IdempotencyClaim, Page, PageRequest, TimeRange } from '../../domain/ports.js';
import type { HistoryEntry, Linkage, Meeting } from '../../domain/schemas.js';
import { type StoredLinkage, upgradeLinkage } from '../../domain/stored-linkage.js';
import type { LinkageStatus, MeetingType } from '../../domain/vocabulary.js';
import { createWith, putNew, replaceVersioned, rewriteHistory, type StoreContext } from './creates.js';
import {
  childItem,
  DUE_SHARDS,
  dueSortKey,
  HISTORY_PREFIX,
  historyItem,
  keyOf,
  linkageItem,
  meetingItem,
  partitionOf,
  providerItem,
} from './items.js';
import { type Pager, timeWindow, withCursor } from './paging.js';
import { ConditionFailedError } from './table.js';

export class TableActivityStore implements ActivityStore {
  constructor(
    private readonly pager: Pager,
    private readonly context: StoreContext,
  ) {}

  createMeeting(meeting: Meeting, idempotency?: IdempotencyClaim<Meeting>): Promise<CreateResult<Meeting>> {
    return createWith(this.pager.table, this.context, meeting, [putNew(meetingItem(meeting))], idempotency);
  }

  listMeetings(villageIds: readonly string[], filter: TimeRange & { type?: MeetingType }, page: PageRequest): Promise<Page<Meeting>> {
    return this.pager.page<Meeting>(
      'timeline',
      villageIds.map(partitionOf.villageMeetings),
      { ...timeWindow(filter), ...(filter.type ? { equals: { type: filter.type } } : {}), newestFirst: true },
      page,
    );
  }

  createLinkage(linkage: Linkage, history: HistoryEntry, idempotency?: IdempotencyClaim<Linkage>): Promise<CreateResult<Linkage>> {
    const writes = [putNew(linkageItem(linkage)), putNew(historyItem(history, linkage.villageId)), putNew(childItem(linkage))];
    if (linkage.providerContactId) writes.push(putNew(providerItem(linkage, linkage.providerContactId)));
    return createWith(this.pager.table, this.context, linkage, writes, idempotency);
  }

  async getLinkage(id: string): Promise<Linkage | undefined> {
    const stored = await this.pager.getEntity<StoredLinkage>(keyOf.linkage(id));
    return stored && upgradeLinkage(stored);
  }

  async transitionLinkage(next: Linkage, history: HistoryEntry, expectedVersion: number): Promise<Linkage> {
    await replaceVersioned(this.pager.table, linkageItem(next), expectedVersion, [putNew(historyItem(history, next.villageId))]);
    return next;
  }

  async listLinkages(villageIds: readonly string[], filter: { status?: LinkageStatus }, page: PageRequest): Promise<Page<Linkage>> {
    const { status } = filter;
    return upgraded(
      status
        ? await this.pager.page<StoredLinkage>(
            'lookup',
            villageIds.map((id) => partitionOf.villageLinkagesIn(id, status)),
            { newestFirst: true },
            page,
          )
        : await this.pager.page<StoredLinkage>('timeline', villageIds.map(partitionOf.villageLinkages), { newestFirst: true }, page),
    );
  }

  async listLinkagesProvidedBy(contactId: string, filter: { status?: LinkageStatus }, page: PageRequest): Promise<Page<Linkage>> {
    const linkages = upgraded(
      await this.pager.references<StoredLinkage>(
        'lookup',
        partitionOf.providedBy(contactId),
        (reference) => String(reference.linkageId),
        keyOf.linkage,
        { newestFirst: true },
        page,
      ),
    );
    return withCursor(
      linkages.items.filter((linkage) => !filter.status || linkage.status === filter.status),
      linkages.nextCursor,
    );
  }

  async listLinkagesOfChild(childRef: string, page: PageRequest): Promise<Page<Linkage>> {
    const linkages = await this.pager.references<StoredLinkage>(
      'lookup',
      partitionOf.linkagesOfChild(childRef),
      (reference) => String(reference.linkageId),
      keyOf.linkage,
      { newestFirst: true },
      page,
    );
    return upgraded(linkages);
  }

  linkageHistory(linkageId: string): Promise<HistoryEntry[]> {
    return this.pager.all<HistoryEntry>(keyOf.linkage(linkageId).PK, HISTORY_PREFIX, ['villageId']);
  }

  async listProvidersToTell(instant: Date, page: PageRequest): Promise<Page<Linkage>> {
    return upgraded(
      await this.pager.page<StoredLinkage>('due', DUE_SHARDS.map(partitionOf.providersToTell), { upTo: dueSortKey(instant) }, page),
    );
  }

  async recordProviderTold(linkage: Linkage, outcome: Pick<Linkage, 'providerTold' | 'providerUnreachable'>): Promise<boolean> {
    // Bookkeeping of the withdrawal already recorded, not a change of the linkage: its version stays.
    const { providerToBeTold: _told, ...rest } = linkage;
    try {
      await this.pager.table.write({
        put: linkageItem({ ...rest, ...outcome }),
        condition: { kind: 'exists', equals: { version: linkage.version } },
      });
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  rewriteHistory(entries: readonly HistoryEntry[], villageId: string): Promise<void> {
    return rewriteHistory(this.pager.table, entries, villageId);
  }
}

const upgraded = (page: Page<StoredLinkage>): Page<Linkage> => ({ ...page, items: page.items.map(upgradeLinkage) });

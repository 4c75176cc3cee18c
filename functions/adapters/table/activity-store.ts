// Meetings and service linkages on the single table.
import type { ActivityStore, CreateResult, IdempotencyClaim, Page, PageRequest, TimeRange } from '../../domain/ports.js';
import type { HistoryEntry, Linkage, Meeting } from '../../domain/schemas.js';
import type { LinkageStatus, MeetingType } from '../../domain/vocabulary.js';
import { createWith, putNew, replaceVersioned } from './creates.js';
import { historyItem, keyOf, linkageItem, meetingItem, partitionOf, providerItem } from './items.js';
import { type Pager, timeWindow, withCursor } from './paging.js';

export class TableActivityStore implements ActivityStore {
  constructor(
    private readonly pager: Pager,
    private readonly clock: () => Date,
  ) {}

  createMeeting(meeting: Meeting, idempotency?: IdempotencyClaim<Meeting>): Promise<CreateResult<Meeting>> {
    return createWith(this.pager.table, this.clock, meeting, [putNew(meetingItem(meeting))], idempotency);
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
    const writes = [putNew(linkageItem(linkage)), putNew(historyItem(history, linkage.villageId))];
    if (linkage.providerContactId) writes.push(putNew(providerItem(linkage, linkage.providerContactId)));
    return createWith(this.pager.table, this.clock, linkage, writes, idempotency);
  }

  getLinkage(id: string): Promise<Linkage | undefined> {
    return this.pager.getEntity<Linkage>(keyOf.linkage(id));
  }

  async transitionLinkage(next: Linkage, history: HistoryEntry, expectedVersion: number): Promise<Linkage> {
    await replaceVersioned(this.pager.table, linkageItem(next), expectedVersion, [putNew(historyItem(history, next.villageId))]);
    return next;
  }

  listLinkages(villageIds: readonly string[], filter: { status?: LinkageStatus }, page: PageRequest): Promise<Page<Linkage>> {
    const { status } = filter;
    return status
      ? this.pager.page<Linkage>(
          'lookup',
          villageIds.map((id) => partitionOf.villageLinkagesIn(id, status)),
          { newestFirst: true },
          page,
        )
      : this.pager.page<Linkage>('timeline', villageIds.map(partitionOf.villageLinkages), { newestFirst: true }, page);
  }

  async listLinkagesProvidedBy(contactId: string, filter: { status?: LinkageStatus }, page: PageRequest): Promise<Page<Linkage>> {
    const linkages = await this.pager.references<Linkage>(
      'lookup',
      partitionOf.providedBy(contactId),
      (reference) => String(reference.linkageId),
      keyOf.linkage,
      { newestFirst: true },
      page,
    );
    return withCursor(
      linkages.items.filter((linkage) => !filter.status || linkage.status === filter.status),
      linkages.nextCursor,
    );
  }
}

// What the weekly metrics read and keep: a week's history and SMS records per village, the stored
// finished weeks and their funders' views as first published, and the claims that send each week's email to each funder once.
import type { FunderWeeklyView } from '../../domain/metrics/funder-view.js';
import type { MetricsStore, Page, PageRequest, TimeRange } from '../../domain/ports.js';
import type { HistoryEntry, NotificationRecord, WeeklyMetrics } from '../../domain/schemas.js';
import { putNew } from './creates.js';
import { byVillageItems, joinByVillage, keyOf, partitionOf, villagePartsOf } from './items.js';
import { type Pager, timeWindow } from './paging.js';
import { ConditionFailedError, type Item, type Key, TransactionCancelledError } from './table.js';

export class TableMetricsStore implements MetricsStore {
  constructor(private readonly pager: Pager) {}

  listHistoryInVillage(villageId: string, range: TimeRange, page: PageRequest): Promise<Page<HistoryEntry>> {
    return this.pager.page<HistoryEntry>('timeline', partitionOf.villageHistory(villageId), timeWindow(range), page, ['villageId']);
  }

  listNotificationsInVillage(villageId: string, range: TimeRange, page: PageRequest): Promise<Page<NotificationRecord>> {
    return this.pager.page<NotificationRecord>('timeline', partitionOf.villageSms(villageId), timeWindow(range), page, ['villageId']);
  }

  async putWeeklyMetrics(metrics: WeeklyMetrics): Promise<void> {
    const { head, parts } = byVillageItems(keyOf.weeklyMetrics(metrics.week), 'weekly_metrics', metrics);
    // The parts before the head: a reader finds a head only with its parts (a repeat writes the same figures).
    await this.pager.table.writeBatch(parts.map((part) => ({ put: part })));
    await this.pager.table.write({ put: head });
  }

  getWeeklyMetrics(week: string): Promise<WeeklyMetrics | undefined> {
    return this.byVillage<WeeklyMetrics>(keyOf.weeklyMetrics(week));
  }

  async getBacklogAtWeekEnd(week: string): Promise<Readonly<Record<string, number>> | undefined> {
    return (await this.pager.getEntity<{ byVillage: Record<string, number> }>(keyOf.backlogAtWeekEnd(week)))?.byVillage;
  }

  async keepBacklogAtWeekEnd(week: string, byVillage: Readonly<Record<string, number>>): Promise<void> {
    try {
      await this.pager.table.write(putNew({ ...keyOf.backlogAtWeekEnd(week), itemType: 'backlog_at_week_end', week, byVillage }));
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }

  getFunderView(week: string): Promise<FunderWeeklyView | undefined> {
    return this.byVillage<FunderWeeklyView>(keyOf.funderView(week));
  }

  async keepFunderView(view: FunderWeeklyView): Promise<FunderWeeklyView> {
    try {
      // Head and parts at once, each only where nothing is: a view is published whole, once.
      const { head, parts } = byVillageItems(keyOf.funderView(view.week), 'funder_view', view);
      await this.pager.table.transact([head, ...parts].map(putNew));
      return view;
    } catch (error) {
      if (!(error instanceof TransactionCancelledError && error.reasons[0]?.code === 'ConditionalCheckFailed')) throw error;
      // Another run published the week first: its view is the week's.
      const kept = await this.getFunderView(view.week);
      if (!kept) throw error;
      return kept;
    }
  }

  /** A record kept as a head and its villages in parts (items.ts, byVillageItems). */
  private async byVillage<T>(key: Key): Promise<T | undefined> {
    const head = await this.pager.table.get(key);
    if (!head) return undefined;
    const { partition, prefix } = villagePartsOf(key);
    // A head stored before parts existed holds its villages itself: no parts to read.
    const parts = head.villageParts === undefined ? [] : await this.pager.all<Item>(partition, prefix);
    return joinByVillage<T>(head, parts);
  }

  async claimWeeklyEmail(week: string, contactId: string, at: string): Promise<boolean> {
    try {
      await this.pager.table.write(putNew({ ...keyOf.weeklyEmail(week, contactId), itemType: 'weekly_email', status: 'pending', at }));
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  async recordWeeklyEmailSent(week: string, contactId: string, messageId: string): Promise<void> {
    await this.pager.table.write({
      update: keyOf.weeklyEmail(week, contactId),
      set: { status: 'sent', messageId },
      condition: { kind: 'exists' },
    });
  }

  async releaseWeeklyEmail(week: string, contactId: string): Promise<void> {
    // Never undo a send that is on record.
    await this.pager.table.write({
      delete: keyOf.weeklyEmail(week, contactId),
      condition: { kind: 'exists', equals: { status: 'pending' } },
    });
  }
}

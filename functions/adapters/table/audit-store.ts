// Audit records on the single table: one item per record read, under the record, its month and its
// reader (items.ts), deleted by TTL once the retention schedule's audit period is over.
import { type AuditStore, AuditUnavailableError, type Page, type PageRequest, type TimeRange } from '../../domain/ports.js';
import { addMonths } from '../../domain/retention.js';
import type { AuditRecord } from '../../domain/schemas.js';
import type { StoreContext } from './creates.js';
import { auditItem, partitionOf } from './items.js';
import { type Pager, timeWindow } from './paging.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export class TableAuditStore implements AuditStore {
  constructor(
    private readonly pager: Pager,
    private readonly context: StoreContext,
  ) {}

  async record(records: readonly AuditRecord[]): Promise<void> {
    try {
      await this.pager.table.writeBatch(records.map((record) => ({ put: auditItem(record, this.context.retention.auditDays) })));
    } catch (error) {
      throw new AuditUnavailableError('the audit records of a read could not be written', { cause: error });
    }
  }

  listForRecord(type: AuditRecord['record']['type'], id: string, page: PageRequest): Promise<Page<AuditRecord>> {
    return this.pager.page<AuditRecord>('table', partitionOf.readsOf(type, id), { newestFirst: true }, page);
  }

  list(filter: TimeRange & { actor?: string }, page: PageRequest): Promise<Page<AuditRecord>> {
    const window = { ...timeWindow(filter), newestFirst: true };
    if (filter.actor) return this.pager.page<AuditRecord>('lookup', partitionOf.readsBy(filter.actor), window, page);
    // The months the window spans, back to the oldest kept: the same partitions on every page of a month.
    const now = this.context.clock();
    const oldestKept = new Date(now.getTime() - this.context.retention.auditDays * DAY_MS).toISOString();
    const from = filter.from && filter.from > oldestKept ? filter.from : oldestKept;
    return this.pager.page<AuditRecord>('timeline', monthsOf(from, filter.to ?? now.toISOString()).map(partitionOf.readsIn), window, page);
  }
}

/** Every month (`2026-11`) from the one `from` falls in to the one `to` falls in. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = `${from.slice(0, 7)}-01`; month.slice(0, 7) <= to.slice(0, 7); month = addMonths(month, 1).toISOString().slice(0, 10)) {
    months.push(month.slice(0, 7));
  }
  return months;
}

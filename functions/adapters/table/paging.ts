// Reading the single table, shared by every aggregate's store: one page over one or more partitions
// of an index under a signed cursor, every item of a partition, and reference items resolved to
// the records they name. Everything goes through a key or an index, never a Scan.
import { InvalidCursorError, type Page, type PageRequest, type TimeRange } from '../../domain/ports.js';
import { CursorCodec } from './cursor.js';
import { entityOf } from './items.js';
import type { Item, Key, QueryInput, Table } from './table.js';
import { type IndexName, TABLE_DESIGN } from './table-design.js';

/** An index of the design, or the table itself (its partitions by PK, sorted by SK). */
type Source = IndexName | 'table';
const sortKeyOf = (source: Source) => (source === 'table' ? TABLE_DESIGN.sortKey : TABLE_DESIGN.indexes[source].sortKey);

export interface QueryOptions {
  /** Inclusive bounds on the index sort key's leading part (times, dates, ids). */
  from?: string;
  to?: string;
  /** Inclusive upper bound on the whole sort key. */
  upTo?: string;
  equals?: Record<string, string>;
  newestFirst?: boolean;
}

export class Pager {
  private readonly cursors: CursorCodec;

  constructor(
    readonly table: Table,
    cursorSecret: string,
  ) {
    this.cursors = new CursorCodec(cursorSecret);
  }

  async getEntity<T>(key: Key, storageFields: readonly string[] = []): Promise<T | undefined> {
    const item = await this.table.get(key);
    return item ? entityOf<T>(item, storageFields) : undefined;
  }

  /** Every item of a partition whose sort key starts with `prefix`, in key order. */
  async all<T>(partition: string, prefix: string, storageFields: readonly string[] = []): Promise<T[]> {
    const items: T[] = [];
    let startKey: Item | undefined;
    do {
      const result = await this.table.query({ index: 'table', partition, prefix, ...(startKey ? { startKey } : {}) });
      items.push(...result.items.map((item) => entityOf<T>(item, storageFields)));
      startKey = result.lastKey;
    } while (startKey);
    return items;
  }

  /**
   * One page over one or more partitions of an index, merged in sort-key order. The cursor holds
   * the last sort key served (signed, and bound to the query), so the next page starts after it in
   * every partition: a coordinator's list across all villages pages like a single village's.
   */
  async page<T>(
    index: Source,
    partitions: string | readonly string[],
    options: QueryOptions,
    page: PageRequest,
    storageFields: readonly string[] = [],
  ): Promise<Page<T>> {
    const sortKey = sortKeyOf(index);
    const keys = typeof partitions === 'string' ? [partitions] : [...new Set(partitions)].sort();
    const fingerprint = JSON.stringify([index, keys, options]);
    const after = this.cursors.decode(fingerprint, page.cursor)?.after;
    if (after !== undefined && typeof after !== 'string') throw new InvalidCursorError();
    const collected = await Promise.all(keys.map((partition) => this.collectAfter(index, partition, options, after, page.limit + 1)));
    const direction = options.newestFirst ? -1 : 1;
    const merged = collected.flat().sort((a, b) => direction * compareKeys(String(a[sortKey]), String(b[sortKey])));
    const served = merged.slice(0, page.limit);
    const last = served.at(-1);
    const nextCursor = merged.length > page.limit && last ? this.cursors.encode(fingerprint, { after: last[sortKey] }) : undefined;
    return withCursor(
      served.map((item) => entityOf<T>(item, storageFields)),
      nextCursor,
    );
  }

  /** A page of reference items (routes, providers, coverage copies) on an index, resolved to their records. */
  async references<T extends { id: string }>(
    index: IndexName,
    partition: string,
    targetId: (reference: Item) => string,
    keyFor: (id: string) => Key,
    options: QueryOptions,
    page: PageRequest,
  ): Promise<Page<T>> {
    const found = await this.page<Item>(index, partition, options, page);
    const ids = found.items.map(targetId);
    const records = new Map((await this.table.batchGet(ids.map(keyFor))).map((item) => [String(item.id), entityOf<T>(item)]));
    const items = ids.map((id) => records.get(id)).filter((record): record is T => record !== undefined);
    return withCursor(items, found.nextCursor);
  }

  /** Up to `wanted` items of one partition strictly after the `after` sort key, in query order. */
  private async collectAfter(
    index: Source,
    partition: string,
    options: QueryOptions,
    after: string | undefined,
    wanted: number,
  ): Promise<Item[]> {
    const sortKey = sortKeyOf(index);
    // Key conditions have no exclusive range with two ends: bound inclusively at `after`, drop it below.
    const bounded: QueryOptions =
      after === undefined
        ? options
        : options.newestFirst
          ? { ...options, upTo: minString(upperBound(options), after) }
          : { ...options, from: maxString(options.from, after) };
    const query = indexQuery(index, partition, bounded);
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const result = await this.table.query({ ...query, limit: wanted + 1, ...(startKey ? { startKey } : {}) });
      items.push(...result.items.filter((item) => item[sortKey] !== after));
      startKey = result.lastKey;
    } while (startKey && items.length < wanted);
    return items.slice(0, wanted);
  }
}

/** DynamoDB orders string keys by their UTF-8 bytes; merged pages must agree with it. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function upperBound(options: QueryOptions): string | undefined {
  // Sort keys are `<time>#<id>`: '#' < '~' keeps every id of the last instant inside the range.
  return options.upTo ?? (options.to !== undefined ? `${options.to}#~` : undefined);
}

function minString(a: string | undefined, b: string): string {
  return a !== undefined && a < b ? a : b;
}

function maxString(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b;
}

function indexQuery(index: Source, partition: string, options: QueryOptions): QueryInput {
  const upper = upperBound(options);
  return {
    index,
    partition,
    ...(options.from !== undefined ? { lower: options.from } : {}),
    ...(upper !== undefined ? { upper } : {}),
    ...(options.equals && Object.keys(options.equals).length > 0 ? { equals: options.equals } : {}),
    descending: options.newestFirst === true,
  };
}

export function timeWindow(range: TimeRange): Pick<QueryOptions, 'from' | 'to'> {
  return { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
}

export function withCursor<T>(items: T[], nextCursor: string | undefined): Page<T> {
  return nextCursor ? { items, nextCursor } : { items };
}

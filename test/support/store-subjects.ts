// The two homes the store contract runs the stores in: the in-memory twin of the table, and a fresh
// table on DynamoDB Local. Each gives stores over one table, and every item it holds, so that a test
// can prove a refused write left nothing half-written.
import { afterAll, beforeAll, describe } from '@jest/globals';
import { MemoryTable } from '../../functions/adapters/table/memory-table.js';
import { type StoreOptions, tableStores } from '../../functions/adapters/table/stores.js';
import type { Item, Table } from '../../functions/adapters/table/table.js';
import type { Stores } from '../../functions/domain/ports.js';
import { createTestTable, TEST_CURSOR_SECRET } from './dynamodb.js';
import { MEMORY_CURSOR_SECRET } from './memory.js';

export interface StoreSubject {
  /** Stores over the subject's one table; options (a clock, short codes, another cursor secret) per call. */
  stores(options?: Partial<StoreOptions>): Stores;
  /** Every item in the table (tests only). */
  allItems(): Promise<Item[]>;
  close(): Promise<void>;
}

export const storeSubjects: [string, () => Promise<StoreSubject>][] = [
  [
    'memory stores (MemoryTable)',
    async () => {
      const table = new MemoryTable();
      return {
        stores: (options = {}) => tableStores(table, { cursorSecret: MEMORY_CURSOR_SECRET, ...options }),
        allItems: async () => table.items(),
        close: async () => {},
      };
    },
  ],
  [
    'stores on DynamoDB Local',
    async () => {
      const table = await createTestTable();
      return {
        stores: (options = {}) => tableStores(table.table, { cursorSecret: TEST_CURSOR_SECRET, ...options }),
        allItems: () => table.allItems(),
        close: () => table.drop(),
      };
    },
  ],
];

/** The two homes of the table itself, for what runs on the Table port alone (the one-off migrations). */
export const tableHomes: [string, () => Promise<{ table: Table; close: () => Promise<void> }>][] = [
  ['MemoryTable', async () => ({ table: new MemoryTable(), close: async () => {} })],
  [
    'DynamoDB Local',
    async () => {
      const test = await createTestTable();
      return { table: test.table, close: () => test.drop() };
    },
  ],
];

/**
 * Runs `body` once per home, each with a subject opened before its tests and closed after them:
 * `subject()` is the current one.
 */
export function eachStoreSubject(body: (subject: () => StoreSubject) => void): void {
  describe.each(storeSubjects)('%s', (_name, open) => {
    let current: StoreSubject | undefined;
    beforeAll(async () => {
      current = await open();
    });
    afterAll(async () => {
      await current?.close();
    });
    body(() => {
      if (!current) throw new Error('the store subject is opened before the tests run');
      return current;
    });
  });
}

/** The error a promise is rejected with (a test fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

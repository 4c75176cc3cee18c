// The stores and the use cases' dependencies on the in-memory twin of the table: no DynamoDB Local,
// no Java. The twin enforces DynamoDB's limits (test/contract holds it to DynamoDB Local).
import { monotonicFactory } from 'ulid';
import { MemoryTable } from '../../functions/adapters/table/memory-table.js';
import { type StoreOptions, tableStores } from '../../functions/adapters/table/stores.js';
import type { Stores } from '../../functions/domain/ports.js';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import type { Dependencies } from '../../functions/use-cases/dependencies.js';
import { seededRandom } from './seeded-random.js';

/** Kept apart from test/support/dynamodb.ts so that importing this never loads the DynamoDB client. */
export const MEMORY_CURSOR_SECRET = 'memory-cursor-secret-0123456789';

export function memoryStores(options: Omit<StoreOptions, 'cursorSecret'> = {}): { table: MemoryTable; stores: Stores } {
  const table = new MemoryTable();
  return { table, stores: tableStores(table, { cursorSecret: MEMORY_CURSOR_SECRET, ...options }) };
}

/** The instant a test's clock shows unless it sets another. */
export const FIXED_NOW = new Date('2026-11-28T10:00:00.000Z');

export interface MemoryDependencies extends Dependencies {
  table: MemoryTable;
  /** Moves the clock (which the stores share) to another instant. */
  setNow(instant: Date | string): void;
}

export interface MemoryDependencyOverrides extends Partial<Dependencies> {
  /** Where the fixed clock starts (FIXED_NOW by default); ignored when `clock` is given. */
  now?: Date | string;
  /** Passed to the stores (e.g. `shortCodes`); their clock is the dependencies' clock. */
  storeOptions?: Omit<StoreOptions, 'cursorSecret' | 'clock'>;
}

/**
 * Every dependency of the HTTP use cases on memory stores: a fixed clock, ULIDs from a seeded
 * generator (the same sequence in every run, increasing within an instant) and the default retention schedule.
 */
export function memoryDependencies(overrides: MemoryDependencyOverrides = {}): MemoryDependencies {
  const { now: start, storeOptions = {}, ...rest } = overrides;
  let now = new Date(start ?? FIXED_NOW);
  const clock = rest.clock ?? (() => new Date(now));
  const { table, stores } = memoryStores({ ...storeOptions, clock });
  const nextUlid = monotonicFactory(seededRandom(0x5eed));
  return {
    ...stores,
    clock,
    newId: (at: Date) => nextUlid(at.getTime()),
    retention: DEFAULT_RETENTION,
    ...rest,
    table,
    setNow(instant) {
      now = new Date(instant);
    },
  };
}

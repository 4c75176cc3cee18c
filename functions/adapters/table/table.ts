// The single table as the aggregate stores see it: a few key-value primitives with structured
// conditions. DynamoDB implements it (dynamodb-table.ts) and so does an in-memory twin
// (memory-table.ts) that enforces DynamoDB's limits; one contract suite runs against both.
import type { IndexName } from './table-design.js';

export type Item = Record<string, unknown>;
export type Key = { PK: string; SK: string };

/** What must hold of the item stored under the action's key for the action to happen. */
export type Condition =
  /** No item under the key. */
  | { kind: 'absent' }
  /** An item under the key; with `equals`, each named attribute holds exactly that value. */
  | { kind: 'exists'; equals?: Record<string, string | number> }
  /** No item under the key, or one whose TTL attribute (epoch seconds) is below `now`. */
  | { kind: 'absentOrExpired'; now: number };

export type WriteAction =
  /** `returnOnFailure`: a failed condition carries the stored item (ReturnValuesOnConditionCheckFailure). */
  | { put: Item; condition?: Condition; returnOnFailure?: boolean }
  | { delete: Key; condition?: Condition }
  /** Sets top-level attributes of an item (creating it if there is none and no condition says otherwise). */
  | { update: Key; set: Item; condition?: Condition };

/** What a batch write can do: no condition, no update. */
export type BatchAction = { put: Item } | { delete: Key };

export interface QueryInput {
  /** `table` queries the base table (PK, SK); the others are the design's indexes. */
  index: IndexName | 'table';
  partition: string;
  /** Inclusive bounds on the sort key, and a prefix it must start with (not together with bounds). */
  lower?: string;
  upper?: string;
  prefix?: string;
  /** Attributes that must equal these values: applied after `limit`, as DynamoDB's FilterExpression is. */
  equals?: Record<string, string>;
  descending?: boolean;
  /** Items evaluated (before `equals`) in this call at the most. */
  limit?: number;
  /** The `lastKey` of the previous call. */
  startKey?: Item;
}

export interface QueryOutput {
  items: Item[];
  /** Present when the partition may hold more: pass it as `startKey`. */
  lastKey?: Item;
}

/** A write's condition did not hold; `item` is what is stored, when the action asked for it. */
export class ConditionFailedError extends Error {
  override readonly name = 'ConditionFailedError';
  constructor(readonly item?: Item) {
    super('the condition of the write did not hold');
  }
}

/** One reason per action, in the order the actions were given (DynamoDB's CancellationReasons). */
export type CancellationReason =
  | { code: 'None' }
  | { code: 'ConditionalCheckFailed'; item?: Item }
  /** Another transaction or write was changing the same item. */
  | { code: 'TransactionConflict' }
  /** Throttling and the like: worth a retry later. */
  | { code: 'ThrottlingError' | 'ProvisionedThroughputExceeded' | 'RequestLimitExceeded' | 'ValidationError' };

export class TransactionCancelledError extends Error {
  override readonly name = 'TransactionCancelledError';
  constructor(readonly reasons: CancellationReason[]) {
    super(`the transaction was cancelled: ${reasons.map((reason) => reason.code).join(', ')}`);
  }
}

export interface Table {
  get(key: Key): Promise<Item | undefined>;
  /** The items that exist among the keys, in no particular order. */
  batchGet(keys: readonly Key[]): Promise<Item[]>;
  /** One action; ConditionFailedError when its condition does not hold. */
  write(action: WriteAction): Promise<void>;
  /**
   * Many unconditional puts and deletes, not atomic (BatchWriteItem, 25 a call, unprocessed ones
   * retried): for copies and references that a crash may leave half-written and a repair rewrites.
   */
  writeBatch(actions: readonly BatchAction[]): Promise<void>;
  /** All or nothing; TransactionCancelledError with a reason per action when any condition fails. */
  transact(actions: readonly WriteAction[]): Promise<void>;
  query(input: QueryInput): Promise<QueryOutput>;
}

/** DynamoDB's limits, which the twin enforces too (DynamoDB answers ValidationException past them). */
export const TABLE_LIMITS = {
  transactionActions: 100,
  transactionBytes: 4 * 1024 * 1024,
  itemBytes: 400 * 1024,
  batchGetKeys: 100,
  batchWriteActions: 25,
} as const;

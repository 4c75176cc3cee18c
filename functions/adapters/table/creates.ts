// Writes that must be all or nothing. Creates are each one transaction with the Idempotency-Key's reservation when the caller sent one:
// either the record and the key are written or neither. A reservation already there answers a
// replay (same body) or a conflict (another body), read from the failed condition.
import {
  type CreateResult,
  type IdempotencyClaim,
  IdempotencyConflictError,
  NotFoundError,
  VersionConflictError,
} from '../../domain/ports.js';
import { type RetentionSchedule, ttlAfter } from '../../domain/retention.js';
import type { HistoryEntry } from '../../domain/schemas.js';
import { historyItem, keyOf } from './items.js';
import { type Item, type Table, TransactionCancelledError, type WriteAction } from './table.js';
import { TABLE_DESIGN } from './table-design.js';

/** What every store writes with: the clock, and the retention schedule its items' TTLs follow. */
export interface StoreContext {
  clock: () => Date;
  retention: RetentionSchedule;
}

export const putNew = (item: Item): WriteAction => ({ put: item, condition: { kind: 'absent' } });

export async function createWith<T>(
  table: Table,
  context: StoreContext,
  record: T,
  writes: readonly WriteAction[],
  idempotency?: IdempotencyClaim<T>,
): Promise<CreateResult<T>> {
  const actions = idempotency ? [...writes, reservation(idempotency, idempotency.answer(record), context)] : writes;
  try {
    await table.transact(actions);
    return { replayed: false, record };
  } catch (error) {
    const reason = idempotency && error instanceof TransactionCancelledError ? error.reasons[actions.length - 1] : undefined;
    if (!idempotency || !reason) throw error;
    if (reason.code === 'TransactionConflict') throw new IdempotencyConflictError('in_flight');
    if (reason.code !== 'ConditionalCheckFailed') throw error;
    const stored = reason.item ?? (await table.get(keyOf.idempotency(idempotency.scope, idempotency.key)));
    if (!stored) throw new IdempotencyConflictError('in_flight');
    if (stored.bodyHash !== idempotency.bodyHash) throw new IdempotencyConflictError('payload_mismatch');
    return { replayed: true, answer: (JSON.parse(String(stored.response)) as { body: unknown }).body };
  }
}

function reservation<T>(claim: IdempotencyClaim<T>, answer: unknown, { clock, retention }: StoreContext): WriteAction {
  const now = clock();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return {
    put: {
      ...keyOf.idempotency(claim.scope, claim.key),
      itemType: 'idempotency',
      bodyHash: claim.bodyHash,
      // Kept as JSON text: a DynamoDB map would reorder the keys, and a replay must be the same bytes.
      response: JSON.stringify({ body: answer }),
      [TABLE_DESIGN.ttlAttribute]: ttlAfter(now, retention.idempotencyKeyHours / 24),
    },
    // TTL deletion lags (and DynamoDB Local never deletes), so an expired key counts as free.
    condition: { kind: 'absentOrExpired', now: nowSeconds },
    returnOnFailure: true,
  };
}

/**
 * Replaces a versioned record if its stored version is still `expectedVersion`, with companion
 * writes in the same transaction: NotFoundError when it is gone, VersionConflictError when it moved.
 */
export async function replaceVersioned(
  table: Table,
  item: Item,
  expectedVersion: number,
  companions: readonly WriteAction[],
): Promise<void> {
  try {
    await table.transact([
      { put: item, condition: { kind: 'exists', equals: { version: expectedVersion } }, returnOnFailure: true },
      ...companions,
    ]);
  } catch (error) {
    const reason = error instanceof TransactionCancelledError ? error.reasons[0] : undefined;
    if (reason?.code === 'ConditionalCheckFailed') {
      if (!reason.item) throw new NotFoundError('no such record');
      throw new VersionConflictError('the record has changed since it was read');
    }
    // Two writers racing on the same record: the loser is told to re-read, like a stale version.
    if (reason?.code === 'TransactionConflict') throw new VersionConflictError('the record is being changed');
    throw error;
  }
}

/**
 * History entries written back as given: an erasure's notes. Not atomic (any number of entries): a
 * retry writes whatever is left, and nothing else ever rewrites an entry.
 */
export async function rewriteHistory(table: Table, entries: readonly HistoryEntry[], villageId: string): Promise<void> {
  await table.writeBatch(entries.map((entry) => ({ put: historyItem(entry, villageId) })));
}

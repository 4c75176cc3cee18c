// What the use cases need from the outside world, injected so tests can supply their own.
import type { Caller } from '../domain/access.js';
import { RefusedError } from '../domain/decision.js';
import { allPages, type CreateResult, type DirectoryStore, type IdempotencyClaim, type Stores } from '../domain/ports.js';
import { Created, type CreateOutcome, Replayed } from '../domain/results.js';
import type { RetentionSchedule } from '../domain/retention.js';

/** Phones' clocks drift: an instant slightly in the future ("occurred", "opted in") is accepted up to this much. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Refuses an instant the caller gave that lies in the future, beyond clock drift. */
export function refuseFutureInstant(instant: string | undefined, now: Date, path: string): void {
  if (instant && Date.parse(instant) > now.getTime() + CLOCK_SKEW_MS) {
    throw new RefusedError({ kind: 'invalid', path, message: 'must not be in the future' });
  }
}

/** The Idempotency-Key of a create and the hash of its body. */
export interface IdempotencyRequest {
  key: string;
  bodyHash: string;
}

/** The store's claim for a create's Idempotency-Key, scoped to the caller; none without a key. */
export function idempotencyClaim<T>(
  caller: Caller,
  idempotency: IdempotencyRequest | undefined,
  answer: (record: T) => unknown,
): IdempotencyClaim<T> | undefined {
  return idempotency ? { scope: caller.sub, ...idempotency, answer } : undefined;
}

/** A store's create result as a use case answers it: the record's view made now, or the first answer again. */
export function createOutcome<T, V>(result: CreateResult<T>, view: (record: T) => V): CreateOutcome<V> {
  return result.replayed ? new Replayed(result.answer) : new Created(view(result.record));
}

/** Everything the HTTP use cases may need; each takes only the part it uses (`Pick<Dependencies, ...>`). */
export interface Dependencies extends Stores {
  clock: () => Date;
  /** A new ULID for an instant. */
  newId: (at: Date) => string;
  /** How long personal fields are kept: a closed incident's erasure falls due by it. */
  retention: RetentionSchedule;
}

/** Every village of the programme, for lists that span it (a coordinator without a village filter). */
export async function allVillageIds(directory: DirectoryStore): Promise<string[]> {
  return (await allPages((page) => directory.listVillages(page))).map((village) => village.id);
}

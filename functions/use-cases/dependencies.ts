// What the use cases need from the outside world, injected so tests can supply their own.
import type { Caller } from '../domain/access.js';
import type { Store } from '../domain/ports.js';

export interface AccessLog {
  /** One line per read of incidents or their history: who, which, when; never any content. */
  incidentsRead(caller: Caller, action: 'list' | 'read' | 'history' | 'notifications', incidentIds: string[]): void;
}

/** The Idempotency-Key of a create and the hash of its body. */
export interface IdempotencyRequest {
  key: string;
  bodyHash: string;
}

export interface Dependencies {
  store: Store;
  clock: () => Date;
  /** A new ULID for an instant. */
  newId: (at: Date) => string;
  accessLog: AccessLog;
}

/** Every village of the programme, for lists that span it (a coordinator without a village filter). */
export async function allVillageIds(store: Store): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listVillages({ limit: 100, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((village) => village.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

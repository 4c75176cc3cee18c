// Records written before data protection came (this release): closed incidents have no erasure date,
// so the retention job would never find them, and linkages have no child reference item, so a
// child's export or erasure would miss them. One run, after the deploy, lays both out as this release
// does. Idempotent: a second run finds nothing left to do.
import { type RetentionSchedule, withEraseDueAt } from '../../domain/retention.js';
import type { HistoryEntry, Incident, Linkage } from '../../domain/schemas.js';
import { putNew } from './creates.js';
import { childItem, entityOf, HISTORY_PREFIX, incidentItem, keyOf, partitionOf } from './items.js';
import { ConditionFailedError, type Item, type Table } from './table.js';

export interface DataProtectionMigration {
  /** Closed incidents given the date their personal fields fall due for erasure. */
  dated: number;
  /** Linkages given the item that lists them under their child. */
  indexed: number;
}

async function* itemsOf(table: Table, input: { index: 'timeline' | 'table'; partition: string; prefix?: string }): AsyncGenerator<Item> {
  let startKey: Item | undefined;
  do {
    const page = await table.query({ ...input, ...(startKey ? { startKey } : {}) });
    yield* page.items;
    startKey = page.lastKey;
  } while (startKey);
}

export async function migrateDataProtection(
  table: Table,
  villageIds: readonly string[],
  retention: RetentionSchedule,
): Promise<DataProtectionMigration> {
  const run: DataProtectionMigration = { dated: 0, indexed: 0 };
  for (const villageId of villageIds) {
    for await (const item of itemsOf(table, { index: 'timeline', partition: partitionOf.villageIncidents(villageId) })) {
      const incident = entityOf<Incident>(item);
      if (incident.status !== 'closed' || incident.eraseDueAt) continue;
      let closedAt = incident.updatedAt;
      for await (const entry of itemsOf(table, { index: 'table', partition: keyOf.incident(incident.id).PK, prefix: HISTORY_PREFIX })) {
        if ((entry as HistoryEntry).to === 'closed' && (entry as HistoryEntry).from !== 'closed') closedAt = String(entry.at);
      }
      try {
        // Only if unchanged since it was read: a newer write has dated it already (or reopened it).
        await table.write({
          put: incidentItem(withEraseDueAt(incident, retention, closedAt)),
          condition: { kind: 'exists', equals: { version: incident.version } },
        });
        run.dated++;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
    }
    for await (const item of itemsOf(table, { index: 'timeline', partition: partitionOf.villageLinkages(villageId) })) {
      try {
        await table.write(putNew(childItem(entityOf<Linkage>(item))));
        run.indexed++;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
    }
  }
  return run;
}

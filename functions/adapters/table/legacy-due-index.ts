// Incidents written before the sharded due index (the first release) sit in the due index under
// `OPEN#<village>`, with no open marker: the escalation job and the backlog would not see them.
// Rewriting each through today's layout moves it to its deadline shard and adds its marker.
// Idempotent: a second run finds nothing left under the old keys.

import type { Incident } from '../../domain/schemas.js';
import { entityOf, incidentItem, openMarkerItem } from './items.js';
import { ConditionFailedError, type Item, type Table } from './table.js';

const legacyOpenPartition = (villageId: string) => `OPEN#${villageId}`;

/** Moves every incident of these villages still under the old keys; answers how many it moved. */
export async function migrateLegacyDueIndex(table: Table, villageIds: readonly string[]): Promise<number> {
  let moved = 0;
  for (const villageId of villageIds) {
    let startKey: Item | undefined;
    do {
      const page = await table.query({ index: 'due', partition: legacyOpenPartition(villageId), ...(startKey ? { startKey } : {}) });
      for (const item of page.items) {
        const incident = entityOf<Incident>(item);
        await table.write({ put: openMarkerItem(incident) });
        // Only if unchanged since it was read: a newer write has laid it out anew already.
        await table
          .write({ put: incidentItem(incident), condition: { kind: 'exists', equals: { version: incident.version } } })
          .catch((error: unknown) => {
            if (!(error instanceof ConditionFailedError)) throw error;
          });
        moved++;
      }
      startKey = page.lastKey;
    } while (startKey);
  }
  return moved;
}

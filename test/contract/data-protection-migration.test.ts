// Records from before data protection are laid out as this release does, on both homes of the stores:
// a closed incident gets its erasure date, a linkage its child reference item.
import { describe, expect, test } from '@jest/globals';
import { migrateDataProtection } from '../../functions/adapters/table/data-protection-migration.js';
import { historyItem, incidentItem, linkageItem } from '../../functions/adapters/table/items.js';
import { tableStores } from '../../functions/adapters/table/stores.js';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import { aLinkage, anIncident, coordinator, reportEntry } from '../support/fixtures.js';
import { tableHomes } from '../support/store-subjects.js';

describe.each(tableHomes)('%s', (_name, open) => {
  test('a closed incident is due for erasure 24 months after it was closed, a linkage is its child’s; a second run does nothing', async () => {
    // Prepare: as an earlier release wrote them (no erasure date, no child reference item).
    const { table, close } = await open();
    const closedAt = '2026-05-04T08:00:00.000Z';
    const incident = anIncident({
      villageId: 'v-old-1',
      status: 'closed',
      outcome: 'other',
      version: 2,
      updatedAt: '2026-06-01T00:00:00.000Z',
    });
    const stillOpen = anIncident({ villageId: 'v-old-1' });
    await table.write({ put: incidentItem(incident) });
    await table.write({ put: incidentItem(stillOpen) });
    await table.write({ put: historyItem(reportEntry(incident), 'v-old-1') });
    await table.write({
      put: historyItem({ ...reportEntry(incident), version: 2, at: closedAt, by: coordinator, from: 'resolved', to: 'closed' }, 'v-old-1'),
    });
    const linkage = aLinkage({ villageId: 'v-old-1', childRef: 'OLD-7' });
    await table.write({ put: linkageItem(linkage) });
    const stores = tableStores(table, { cursorSecret: 'migration-test-cursor-secret' });

    // Act
    const first = await migrateDataProtection(table, ['v-old-1'], DEFAULT_RETENTION);
    const second = await migrateDataProtection(table, ['v-old-1'], DEFAULT_RETENTION);

    // Assess
    expect([first, second]).toEqual([
      { dated: 1, indexed: 1 },
      { dated: 0, indexed: 0 },
    ]);
    expect((await stores.incidents.get(incident.id))?.eraseDueAt).toBe('2028-05-04T08:00:00.000Z');
    expect((await stores.incidents.get(stillOpen.id))?.eraseDueAt).toBeUndefined();
    const due = await stores.incidents.listDueForErasure(new Date('2028-05-05T00:00:00.000Z'), { limit: 5 });
    expect(due.items.map((each) => each.id)).toEqual([incident.id]);
    expect((await stores.activities.listLinkagesOfChild('OLD-7', { limit: 5 })).items.map((each) => each.id)).toEqual([linkage.id]);
    await close();
  });
});

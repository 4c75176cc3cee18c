// Incidents from before the sharded due index are moved onto it, on both homes of the stores.
import { describe, expect, test } from '@jest/globals';
import { incidentItem, openMarkerItem } from '../../functions/adapters/table/items.js';
import { migrateLegacyDueIndex } from '../../functions/adapters/table/legacy-due-index.js';
import { tableStores } from '../../functions/adapters/table/stores.js';
import { anIncident } from '../support/fixtures.js';
import { tableHomes } from '../support/store-subjects.js';

describe.each(tableHomes)('%s', (_name, open) => {
  test('an open incident under the old keys is due and in the backlog after the move; a second run moves nothing', async () => {
    // Prepare: an incident as the first release laid it out (due index by village, no open marker).
    const { table, close } = await open();
    const incident = anIncident({ villageId: 'v-old-1', ackDueAt: '2026-11-28T12:00:00.000Z' });
    const { GSI3PK: _shard, GSI3SK: _due, ...current } = incidentItem(incident);
    await table.write({ put: { ...current, GSI3PK: 'OPEN#v-old-1', GSI3SK: `${incident.ackDueAt}#${incident.id}` } });
    const stores = tableStores(table, { cursorSecret: 'legacy-test-cursor-secret' });
    const dueAfterDeadline = new Date('2026-11-28T12:01:00.000Z');
    expect((await stores.incidents.listDue(dueAfterDeadline, { limit: 5 })).items).toEqual([]);

    // Act
    const moved = await migrateLegacyDueIndex(table, ['v-old-1']);
    const movedAgain = await migrateLegacyDueIndex(table, ['v-old-1']);

    // Assess
    expect([moved, movedAgain]).toEqual([1, 0]);
    expect((await stores.incidents.listDue(dueAfterDeadline, { limit: 5 })).items.map((due) => due.id)).toEqual([incident.id]);
    expect((await stores.incidents.listOpen('v-old-1', { limit: 5 })).items).toEqual([
      { id: incident.id, reportedAt: incident.reportedAt },
    ]);
    expect(await table.get({ PK: openMarkerItem(incident).PK as string, SK: 'OPEN' })).toBeDefined();
    await close();
  });
});

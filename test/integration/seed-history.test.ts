// `npm run seed -- --history`: two finished weeks of programme activity through the use cases with
// the clock in the past, so the first weekly figures a newcomer sees are real; a re-run adds nothing.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { monotonicFactory } from 'ulid';
import { channelsAfter } from '../../functions/domain/contact-channels.js';
import { funderView } from '../../functions/domain/metrics/funder-view.js';
import { ContactSchema } from '../../functions/domain/schemas.js';
import { weeklyMetrics } from '../../functions/use-cases/weekly-metrics.js';
import { DEMO_VILLAGES, demoContacts } from '../../local/demo-programme.js';
import { seedHistory } from '../../local/seed-history.js';
import { createTestTable, TEST_CURSOR_SECRET, type TestTable } from '../support/dynamodb.js';

const NOW = new Date('2026-12-02T06:00:00.000Z'); // Wednesday of 2026-W49
let table: TestTable;

beforeAll(async () => {
  // Prepare: the demo directory, as `npm run seed` loads it.
  table = await createTestTable();
  const { directory } = table.stores();
  const at = '2026-11-01T00:00:00.000Z';
  for (const { id, volunteers: _volunteers, ...village } of DEMO_VILLAGES)
    await directory.putVillage({ id, ...village, createdAt: at, updatedAt: at });
  const nextId = monotonicFactory();
  for (const contact of demoContacts()) {
    const { smsOptIn, channels, ...fields } = contact;
    await directory.createContact(
      ContactSchema.parse({
        ...fields,
        channels: channelsAfter({ smsOptIn, channels }, undefined, new Date(at)),
        id: nextId(),
        active: true,
        createdAt: at,
        updatedAt: at,
        version: 1,
      }),
    );
  }
});
afterAll(async () => {
  await table.drop();
});

test('two finished weeks with meetings of every type, incidents taken to closed and linkages fulfilled; a re-run adds nothing', async () => {
  // Act
  const first = await seedHistory(table.table, TEST_CURSOR_SECRET, NOW);
  const again = await seedHistory(table.table, TEST_CURSOR_SECRET, NOW);

  // Assess: what was added, then nothing more.
  expect(first).toEqual({ weeks: ['2026-W47', '2026-W48'], added: { meetings: 20, incidents: 12, linkages: 4, steps: 12 * 4 + 4 * 3 } });
  expect(again.added).toEqual({ meetings: 0, incidents: 0, linkages: 0, steps: 0 });

  // The weeks' figures are real, the coordinators' exact and the funders' view, from the same stores the API reads.
  const deps = { ...table.stores(), clock: () => NOW, pricePerSegmentInr: 0.25 };
  const weeks = await Promise.all(['2026-W47', '2026-W48'].map((week) => weeklyMetrics(deps, week)));
  const types = new Set<string>();
  // Saturday's neglect report is closed on the Monday after: in the next week's figures.
  expect(weeks.map((metrics) => metrics.total.closed)).toEqual([5, 6]);
  for (const metrics of weeks) {
    expect(metrics.total.incidents.total).toBe(6);
    expect(metrics.total.resolved).toBe(6);
    expect(metrics.total.acknowledgement).toMatchObject({ due: 6, acknowledged: 6 });
    expect(metrics.total.linkages).toEqual({ identified: 2, referred: 2, fulfilled: 2 });
    expect(metrics.total.meetings.total).toBe(10);
    for (const [type, count] of Object.entries(metrics.total.meetings.byType)) if (count > 0) types.add(type);
    const view = funderView(metrics);
    expect(view.programme.incidents.reported).toBe(5);
    expect(view.programme.meetings.personSessions.total).toBeGreaterThan(100);
  }
  expect(types.size).toBe(7);
});

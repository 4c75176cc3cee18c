// A week's figures are kept as a head and its villages in parts (items.ts): split and joined again they
// are the record itself, and a head stored before parts existed, with its villages inside, reads as it was.
import { expect, test } from '@jest/globals';
import { byVillageItems, entityOf, joinByVillage, keyOf, VILLAGE_PART_BYTES } from '../../functions/adapters/table/items.js';

const week = { week: '2026-W47', final: true, total: { reported: 3 } };

test('split into parts of at most the part size and joined again, a record is itself, villages in their order', () => {
  // Prepare: three parts' worth of villages.
  const villages = Object.fromEntries(
    Array.from({ length: 30 }, (_, index) => [`v-${index}`, { figures: 'x'.repeat(VILLAGE_PART_BYTES / 10) }]),
  );

  // Act
  const { head, parts } = byVillageItems(keyOf.weeklyMetrics(week.week), 'weekly_metrics', { ...week, villages });

  // Assess
  expect(parts.map((part) => part.SK)).toEqual([
    '2026-W47#VILLAGES#0000',
    '2026-W47#VILLAGES#0001',
    '2026-W47#VILLAGES#0002',
    '2026-W47#VILLAGES#0003',
  ]);
  for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part.villages))).toBeLessThanOrEqual(VILLAGE_PART_BYTES);
  expect(head).toMatchObject({ ...keyOf.weeklyMetrics(week.week), villageParts: 4 });
  expect(head).not.toHaveProperty('villages');
  const joined = joinByVillage<{ villages: object }>(
    head,
    parts.map((part) => entityOf(part)),
  );
  expect(joined).toEqual({ ...week, villages });
  expect(Object.keys(joined.villages)).toEqual(Object.keys(villages));
});

test('a week with no village is a head and one empty part', () => {
  const { head, parts } = byVillageItems(keyOf.funderView(week.week), 'funder_view', { ...week, villages: {} });
  expect(
    joinByVillage(
      head,
      parts.map((part) => entityOf(part)),
    ),
  ).toEqual({ ...week, villages: {} });
});

test('a head stored before parts existed reads as it was stored', () => {
  const stored = { ...keyOf.weeklyMetrics(week.week), itemType: 'weekly_metrics', ...week, villages: { 'v-1': { reported: 3 } } };
  expect(joinByVillage(stored, [])).toEqual({ ...week, villages: { 'v-1': { reported: 3 } } });
});

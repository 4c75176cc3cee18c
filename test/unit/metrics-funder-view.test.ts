// The funders' suppressed view (DOMAIN.md "Privacy rules"): what is hidden, what is withheld with
// it, and a property check that no group ever leaves a single hidden cell to subtraction.
import { aggregateWeek, type VillageActivity } from '../../functions/domain/metrics/aggregate.js';
import {
  FUNDER_CATEGORIES,
  FUNDER_CATEGORY_LABELS,
  type FunderWeeklyView,
  FunderWeeklyViewSchema,
  funderView,
  SERIOUS_ABUSE,
  type ShownCount,
  SMALL_COUNT,
  suppressGroup,
  WITHHELD_COUNT,
} from '../../functions/domain/metrics/funder-view.js';
import type { HistoryEntry, Incident, WeeklyMetrics } from '../../functions/domain/schemas.js';
import { CATEGORIES, type Category, OUTCOMES, type Outcome } from '../../functions/domain/vocabulary.js';
import { aMeeting, anIncident, coordinator, newId } from '../support/fixtures.js';
import { required } from '../support/required.js';
import { seededRandom } from '../support/seeded-random.js';

const REPORTED_AT = '2026-11-28T10:00:00.000Z';

function incidents(count: number, overrides: Partial<Incident> = {}): Incident[] {
  return Array.from({ length: count }, () => anIncident(overrides));
}

/** Acknowledged by the police (statutory for a child marriage), which stops the ladder: the response that counts. */
function acknowledgedAfter(minutes: number): Incident {
  const at = new Date(Date.parse(REPORTED_AT) + minutes * 60_000).toISOString();
  return anIncident({
    status: 'acknowledged',
    acknowledgements: [{ at, by: coordinator, kind: 'police' }],
    ladderStoppedBy: { at, kind: 'police' },
  });
}

function moves(count: number, entity: HistoryEntry['entity'], to: HistoryEntry['to'], outcome?: Outcome): HistoryEntry[] {
  return Array.from({ length: count }, () => ({
    entity,
    entityId: newId(),
    version: 3,
    at: REPORTED_AT,
    by: coordinator,
    from: 'in_progress' as const,
    to,
    ...(outcome ? { outcome } : {}),
  }));
}

function metricsOf(villages: Record<string, Partial<Omit<VillageActivity, 'villageId'>>>): WeeklyMetrics {
  return aggregateWeek({
    week: '2026-W48',
    computedAt: new Date('2026-11-30T03:30:00.000Z'),
    final: true,
    pricePerSegmentInr: 0.25,
    villages: Object.entries(villages).map(([villageId, activity]) => ({
      villageId,
      reported: [],
      history: [],
      meetings: [],
      notifications: [],
      openAtWeekEnd: 0,
      ...activity,
    })),
  });
}

const viewOfIncidentsPerVillage = (counts: Record<string, number>) =>
  funderView(
    metricsOf(Object.fromEntries(Object.entries(counts).map(([id, count]) => [id, { reported: incidents(count, { villageId: id }) }]))),
  );
const incidentsByVillage = (view: FunderWeeklyView) =>
  Object.fromEntries(Object.entries(view.villages).map(([id, row]) => [id, row.incidentsReported]));

describe('primary and secondary suppression', () => {
  test('counts from 1 to 4 are "<5"; 0 and 5 or more are shown', () => {
    const view = viewOfIncidentsPerVillage({ 'v-a': 1, 'v-b': 4, 'v-c': 0, 'v-d': 5, 'v-e': 12 });
    expect(incidentsByVillage(view)).toEqual({ 'v-a': SMALL_COUNT, 'v-b': SMALL_COUNT, 'v-c': 0, 'v-d': 5, 'v-e': 12 });
    expect(view.programme.incidents.reported).toBe(22);
  });

  test('a single "<5" village makes the smallest other non-zero village withheld too', () => {
    const view = viewOfIncidentsPerVillage({ 'v-a': 3, 'v-b': 9, 'v-c': 7, 'v-d': 0, 'v-e': 12 });
    expect(incidentsByVillage(view)).toEqual({ 'v-a': SMALL_COUNT, 'v-b': 9, 'v-c': WITHHELD_COUNT, 'v-d': 0, 'v-e': 12 });
    expect(view.programme.incidents.reported).toBe(31);
  });

  test('two "<5" villages hide each other: nothing more is withheld', () => {
    const view = viewOfIncidentsPerVillage({ 'v-a': 2, 'v-b': 3, 'v-c': 8, 'v-d': 0 });
    expect(incidentsByVillage(view)).toEqual({ 'v-a': SMALL_COUNT, 'v-b': SMALL_COUNT, 'v-c': 8, 'v-d': 0 });
  });

  test('a total under 5 is "<5" itself, so its single non-zero cell needs no partner', () => {
    const view = viewOfIncidentsPerVillage({ 'v-a': 3, 'v-b': 0 });
    expect(incidentsByVillage(view)).toEqual({ 'v-a': SMALL_COUNT, 'v-b': 0 });
    expect(view.programme.incidents.reported).toBe(SMALL_COUNT);
  });

  test('all zero: zeros are shown as 0, nothing is withheld, no share and no times', () => {
    const view = funderView(metricsOf({ 'v-a': {}, 'v-b': {} }));
    expect(FunderWeeklyViewSchema.parse(view)).toEqual(view);
    expect(incidentsByVillage(view)).toEqual({ 'v-a': 0, 'v-b': 0 });
    expect(Object.values(view.programme.incidents.byCategory).every((cell) => cell === 0)).toBe(true);
    expect(view.programme.acknowledgement).toEqual({
      inTime: 0,
      notInTime: 0,
      inTimePercent: null,
      medianMinutes: null,
      p90Minutes: null,
    });
    expect(view.notes).toHaveLength(2);
    expect(JSON.stringify(view)).not.toContain(WITHHELD_COUNT);
  });

  test('ties for the smallest other cell withhold the first one, and only one', () => {
    expect(suppressGroup({ a: 2, b: 6, c: 6 }, 14)).toEqual({ a: SMALL_COUNT, b: WITHHELD_COUNT, c: 6 });
  });
});

describe('categories', () => {
  test('only programme-wide, with sexual abuse and trafficking merged and labelled', () => {
    const view = funderView(
      metricsOf({
        'v-a': { reported: [...incidents(2, { category: 'sexual_abuse' }), ...incidents(4, { category: 'trafficking' })] },
        'v-b': { reported: incidents(6, { villageId: 'v-b', category: 'child_marriage' }) },
      }),
    );
    expect(view.programme.incidents.byCategory[SERIOUS_ABUSE]).toBe(6);
    expect(view.programme.incidents.byCategory).not.toHaveProperty('sexual_abuse');
    expect(view.programme.incidents.byCategory).not.toHaveProperty('trafficking');
    expect(FUNDER_CATEGORIES).toHaveLength(CATEGORIES.length - 1);
    expect(FUNDER_CATEGORIES[1]).toBe(SERIOUS_ABUSE);
    expect(FUNDER_CATEGORY_LABELS[SERIOUS_ABUSE]).toBe('Serious abuse and exploitation');
    for (const row of Object.values(view.villages)) {
      expect(Object.keys(row).sort()).toEqual(['incidentsReported', 'linkagesFulfilled', 'meetingsHeld', 'personSessions']);
    }
  });

  test('one merged serious-abuse incident is still "<5", and withholds the smallest other category', () => {
    const view = funderView(
      metricsOf({
        'v-a': {
          reported: [
            ...incidents(1, { category: 'trafficking' }),
            ...incidents(6, { category: 'child_marriage' }),
            ...incidents(9, { category: 'school_dropout' }),
          ],
        },
      }),
    );
    expect(view.programme.incidents.byCategory).toMatchObject({
      [SERIOUS_ABUSE]: SMALL_COUNT,
      child_marriage: WITHHELD_COUNT,
      school_dropout: 9,
      neglect: 0,
    });
  });
});

describe('acknowledgement', () => {
  test('a median and percentile need 5 acknowledged incidents: 4 give none, with a note', () => {
    const four = funderView(metricsOf({ 'v-a': { reported: [5, 10, 15, 20].map(acknowledgedAfter) } }));
    expect(four.programme.acknowledgement).toMatchObject({ medianMinutes: null, p90Minutes: null });
    expect(four.notes.join(' ')).toMatch(/at least 5 incidents were acknowledged/);

    const five = funderView(metricsOf({ 'v-a': { reported: [5, 10, 15, 20, 25].map(acknowledgedAfter) } }));
    expect(five.programme.acknowledgement).toMatchObject({
      medianMinutes: 15,
      p90Minutes: 25,
      inTime: 5,
      notInTime: 0,
      inTimePercent: 100,
    });
    expect(five.notes).toEqual([]);
  });

  test('no share when fewer than 5 were due', () => {
    const view = funderView(metricsOf({ 'v-a': { reported: [5, 10, 15, 20].map(acknowledgedAfter) } }));
    expect(view.programme.acknowledgement).toMatchObject({ inTime: SMALL_COUNT, notInTime: 0, inTimePercent: null });
  });

  test('one late of six: "<5" late withholds the in-time count, and the share that would give both away', () => {
    const view = funderView(metricsOf({ 'v-a': { reported: [...[5, 10, 15, 20, 25].map(acknowledgedAfter), anIncident()] } }));
    expect(view.programme.acknowledgement).toMatchObject({ inTime: WITHHELD_COUNT, notInTime: SMALL_COUNT, inTimePercent: null });
  });

  test('the share is a whole percentage when both counts are shown', () => {
    const view = funderView(metricsOf({ 'v-a': { reported: [...[1, 2, 3, 4, 5, 6].map(acknowledgedAfter), ...incidents(5)] } }));
    expect(view.programme.acknowledgement).toMatchObject({ inTime: 6, notInTime: 5, inTimePercent: 55 });
  });
});

test('meetings and person-sessions are shown exactly, per village as totals', () => {
  const view = funderView(
    metricsOf({ 'v-a': { meetings: [aMeeting({ attendance: { girls: 3, boys: 1, women: 0, men: 0, dutyBearers: 0 } })] } }),
  );
  expect(view.villages['v-a']).toEqual({ incidentsReported: 0, meetingsHeld: 1, personSessions: 4, linkagesFulfilled: 0 });
  expect(view.programme.meetings.personSessions).toEqual({ total: 4, byGroup: { girls: 3, boys: 1, women: 0, men: 0, dutyBearers: 0 } });
});

test('nothing about a child reaches the view: no name, description, id or short code', () => {
  const incident = anIncident({ location: 'Near the school pond' });
  const serialised = JSON.stringify(funderView(metricsOf({ 'v-a': { reported: [incident] } })));
  for (const secret of [
    required(incident.child.name, "the child's name"),
    incident.description,
    required(incident.location, 'the location'),
    incident.id,
    incident.shortCode,
  ]) {
    expect(serialised).not.toContain(secret);
  }
});

// ── property: no group leaves exactly one hidden cell next to a shown total ────

interface Group {
  name: string;
  trueCells: number[];
  shownCells: ShownCount[];
  trueTotal: number;
  shownTotal: ShownCount;
}

function groupsOf(metrics: WeeklyMetrics, view: FunderWeeklyView): Group[] {
  const villageIds = Object.keys(metrics.villages);
  const { total } = metrics;
  const { programme } = view;
  const mergedTrue = FUNDER_CATEGORIES.map((category) =>
    category === SERIOUS_ABUSE
      ? total.incidents.byCategory.sexual_abuse + total.incidents.byCategory.trafficking
      : total.incidents.byCategory[category as Category],
  );
  return [
    {
      name: 'incidents by village',
      trueCells: villageIds.map((id) => required(metrics.villages[id], `the metrics of ${id}`).incidents.total),
      shownCells: villageIds.map((id) => required(view.villages[id], `the view of ${id}`).incidentsReported),
      trueTotal: total.incidents.total,
      shownTotal: programme.incidents.reported,
    },
    {
      name: 'incidents by category',
      trueCells: mergedTrue,
      shownCells: FUNDER_CATEGORIES.map((category) => programme.incidents.byCategory[category]),
      trueTotal: total.incidents.total,
      shownTotal: programme.incidents.reported,
    },
    {
      name: 'acknowledged in time or not',
      trueCells: [total.acknowledgement.withinDeadline, total.acknowledgement.due - total.acknowledgement.withinDeadline],
      shownCells: [programme.acknowledgement.inTime, programme.acknowledgement.notInTime],
      trueTotal: total.acknowledgement.due,
      shownTotal: programme.incidents.reported,
    },
    {
      name: 'outcomes',
      trueCells: OUTCOMES.map((outcome) => total.outcomes[outcome]),
      shownCells: OUTCOMES.map((outcome) => programme.outcomes[outcome]),
      trueTotal: total.resolved,
      shownTotal: programme.resolved,
    },
    {
      name: 'linkages fulfilled by village',
      trueCells: villageIds.map((id) => required(metrics.villages[id], `the metrics of ${id}`).linkages.fulfilled),
      shownCells: villageIds.map((id) => required(view.villages[id], `the view of ${id}`).linkagesFulfilled),
      trueTotal: total.linkages.fulfilled,
      shownTotal: programme.linkages.fulfilled,
    },
  ];
}

function randomWeek(random: () => number): WeeklyMetrics {
  const upTo = (max: number) => Math.floor(random() * (max + 1));
  const pick = <T>(items: readonly T[]): T => required(items[Math.floor(random() * items.length)], 'an item to pick');
  const villages: Record<string, Partial<Omit<VillageActivity, 'villageId'>>> = {};
  for (let index = 0; index < 1 + upTo(5); index += 1) {
    const villageId = `v-${index}`;
    // Mostly small counts: the interesting cases are the ones around 5.
    const reported = Array.from({ length: upTo(random() < 0.5 ? 6 : 15) }, () => {
      const category = pick(CATEGORIES);
      return random() < 0.7 ? { ...acknowledgedAfter(upTo(600)), villageId, category } : anIncident({ villageId, category });
    });
    const history = [
      ...Array.from({ length: upTo(6) }).flatMap(() => moves(1, 'incident', 'resolved', pick(OUTCOMES))),
      ...moves(upTo(random() < 0.5 ? 4 : 9), 'linkage', 'fulfilled'),
    ];
    villages[villageId] = { reported, history, openAtWeekEnd: upTo(8) };
  }
  return metricsOf(villages);
}

test('property: every group shown next to an exact total has 0 or at least 2 hidden cells, and no figure is wrong', () => {
  const random = seededRandom(20261130);
  let groupsWithWithheldCell = 0;
  for (let run = 0; run < 400; run += 1) {
    const metrics = randomWeek(random);
    const view = funderView(metrics);
    for (const group of groupsOf(metrics, view)) {
      const context = `run ${run}, ${group.name}: ${JSON.stringify(group)}`;
      group.trueCells.forEach((trueCell, index) => {
        const shown = group.shownCells[index];
        if (trueCell === 0) expect({ context, shown }).toEqual({ context, shown: 0 });
        else if (trueCell < 5) expect({ context, shown }).toEqual({ context, shown: SMALL_COUNT });
        else expect({ context, ok: shown === trueCell || shown === WITHHELD_COUNT }).toEqual({ context, ok: true });
      });
      const hidden = group.shownCells.filter((cell) => typeof cell === 'string').length;
      if (group.shownCells.includes(WITHHELD_COUNT)) groupsWithWithheldCell += 1;
      if (typeof group.shownTotal === 'number') {
        expect({ context, total: group.shownTotal }).toEqual({ context, total: group.trueTotal });
        expect({ context, safe: hidden === 0 || hidden >= 2 }).toEqual({ context, safe: true });
      } else {
        expect({ context, total: group.shownTotal }).toEqual({ context, total: SMALL_COUNT });
      }
    }
  }
  // The generator must reach the interesting case, or the check above proves little.
  expect(groupsWithWithheldCell).toBeGreaterThan(50);
});

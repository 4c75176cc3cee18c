// The funders' view (DOMAIN.md "Privacy rules"): each count rounded on its own, incidents only
// programme-wide and in three groups, shares and times only from 10 values, meetings exact. What an
// attacker can make of all of it together is test/unit/funder-disclosure-audit.test.ts.
import { aggregateWeek, type VillageActivity } from '../../functions/domain/metrics/aggregate.js';
import {
  FUNDER_GROUPS,
  FunderWeeklyViewSchema,
  funderGroupOf,
  funderView,
  nothingRecorded,
  roundedCount,
  SMALL_COUNT,
} from '../../functions/domain/metrics/funder-view.js';
import type { HistoryEntry, Incident, WeeklyMetrics } from '../../functions/domain/schemas.js';
import { CATEGORIES, type Outcome } from '../../functions/domain/vocabulary.js';
import { aMeeting, anIncident, coordinator, newId } from '../support/fixtures.js';
import { required } from '../support/required.js';

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

describe('each count on its own', () => {
  test('0 to 4 read "0-4", zero too; from 5 up the nearest 5, so no cell is ever exact below 5', () => {
    expect([0, 1, 4, 5, 7, 8, 12, 13, 17, 18, 102].map(roundedCount)).toEqual([
      SMALL_COUNT,
      SMALL_COUNT,
      SMALL_COUNT,
      5,
      5,
      10,
      10,
      15,
      15,
      20,
      100,
    ]);
  });

  test('the Haroa week: five child-labour reports and one sexual abuse show 5 in "all other", and nothing per village', () => {
    const view = funderView(
      metricsOf({
        'v-haroa': { reported: [...incidents(5, { category: 'child_labour' }), ...incidents(1, { category: 'sexual_abuse' })] },
        'v-minakhan': {},
      }),
    );
    expect(FunderWeeklyViewSchema.parse(view)).toEqual(view);
    expect(view.programme.incidents).toEqual({
      reported: 5,
      byGroup: { child_marriage: SMALL_COUNT, education: SMALL_COUNT, other_protection: 5 },
    });
    expect(view.villages['v-haroa']).toEqual({ meetings: expect.any(Object) });
    expect(JSON.stringify(view.villages)).not.toMatch(/incident|linkage/i);
  });

  test('an empty week is all "0-4" and no meeting, so it is the "no activity" week; a meeting makes it not', () => {
    const empty = funderView(metricsOf({ 'v-a': {}, 'v-b': {} }));
    expect(FunderWeeklyViewSchema.parse(empty)).toEqual(empty);
    expect(JSON.stringify(empty.programme)).not.toMatch(/"(reported|due|inTime|resolved|identified|referred|fulfilled)":0/);
    expect(empty.programme.acknowledgement).toEqual({
      due: SMALL_COUNT,
      inTime: SMALL_COUNT,
      inTimePercent: null,
      medianMinutes: null,
      p90Minutes: null,
    });
    expect(nothingRecorded(empty)).toBe(true);
    expect(nothingRecorded(funderView(metricsOf({ 'v-a': { meetings: [aMeeting()] } })))).toBe(false);
    // Three incidents alone still read "0-4" everywhere: the short email says no more than the view.
    expect(nothingRecorded(funderView(metricsOf({ 'v-a': { reported: incidents(3) } })))).toBe(true);
  });
});

describe('groups', () => {
  test('three groups only: child marriage, education (dropout, corporal punishment), and all the rest', () => {
    expect(FUNDER_GROUPS).toEqual(['child_marriage', 'education', 'other_protection']);
    const inGroup = (group: string) => CATEGORIES.filter((category) => funderGroupOf(category) === group);
    expect(inGroup('child_marriage')).toEqual(['child_marriage']);
    expect(inGroup('education')).toEqual(['corporal_punishment', 'school_dropout']);
    expect(inGroup('other_protection')).toHaveLength(CATEGORIES.length - 3);
    expect(inGroup('other_protection')).toEqual(expect.arrayContaining(['sexual_abuse', 'trafficking', 'abandoned_separated']));
    const view = funderView(
      metricsOf({
        'v-a': {
          reported: [
            ...incidents(3, { category: 'sexual_abuse' }),
            ...incidents(4, { category: 'trafficking' }),
            ...incidents(6, { category: 'abandoned_separated' }),
          ],
        },
        'v-b': { reported: incidents(6, { villageId: 'v-b', category: 'school_dropout' }) },
      }),
    );
    expect(view.programme.incidents.byGroup).toEqual({ child_marriage: SMALL_COUNT, education: 5, other_protection: 15 });
  });
});

describe('acknowledgement', () => {
  test('a share, a median and a percentile need 10 values: 9 give none, with notes', () => {
    const nine = funderView(metricsOf({ 'v-a': { reported: [5, 10, 15, 20, 25, 30, 35, 40, 45].map(acknowledgedAfter) } }));
    expect(nine.programme.acknowledgement).toEqual({ due: 10, inTime: 10, inTimePercent: null, medianMinutes: null, p90Minutes: null });
    expect(nine.notes.join(' ')).toMatch(/at least 10 incidents were due.*at least 10 incidents were acknowledged/);

    const ten = funderView(metricsOf({ 'v-a': { reported: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50].map(acknowledgedAfter) } }));
    expect(ten.programme.acknowledgement).toEqual({ due: 10, inTime: 10, inTimePercent: 100, medianMinutes: 27.5, p90Minutes: 45 });
    expect(ten.notes).toEqual([]);
  });

  test('the share is a whole percentage of the exact counts; the counts themselves are rounded', () => {
    const view = funderView(metricsOf({ 'v-a': { reported: [...[1, 2, 3, 4, 5, 6].map(acknowledgedAfter), ...incidents(5)] } }));
    expect(view.programme.acknowledgement).toMatchObject({ due: 10, inTime: 5, inTimePercent: 55 });
  });
});

test('outcomes and linkages are rounded each on its own; nothing about duties, SMS, cost or the backlog reaches funders', () => {
  const view = funderView(
    metricsOf({
      'v-a': {
        history: [
          ...moves(6, 'incident', 'resolved', 'marriage_stopped'),
          ...moves(2, 'incident', 'resolved', 'child_rescued'),
          ...moves(8, 'linkage', 'fulfilled'),
        ],
        openAtWeekEnd: 3,
      },
    }),
  );
  expect(view.programme.resolved).toBe(10);
  expect(view.programme.outcomes).toMatchObject({ marriage_stopped: 5, child_rescued: SMALL_COUNT, other: SMALL_COUNT });
  expect(view.programme.linkages).toEqual({ identified: SMALL_COUNT, referred: SMALL_COUNT, fulfilled: 10 });
  expect(Object.keys(view.programme).sort()).toEqual(['acknowledgement', 'incidents', 'linkages', 'meetings', 'outcomes', 'resolved']);
  expect(JSON.stringify(view)).not.toMatch(
    /"(duties|sms|whatsapp|channel|segments|estimatedCostInr|openBacklog|escalations|bySeverity|byCategory)"/i,
  );
});

test('meetings and person-sessions are exact, per village and in total', () => {
  const view = funderView(
    metricsOf({ 'v-a': { meetings: [aMeeting({ attendance: { girls: 3, boys: 1, women: 0, men: 0, dutyBearers: 0 } })] } }),
  );
  expect(view.villages['v-a']?.meetings).toMatchObject({
    held: 1,
    personSessions: { total: 4, byGroup: { girls: 3, boys: 1, women: 0, men: 0, dutyBearers: 0 } },
  });
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

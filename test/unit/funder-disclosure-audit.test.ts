// The disclosure audit of DOMAIN.md's funders' rules: for generated programmes and for the worst
// cases, an attacker holding every view and email funders get for the weeks, reading each figure as
// DOMAIN.md words it (test/support/funder-attacker.ts), can neither prove a sexual-abuse or
// trafficking incident in a week nor bound any village's incidents. The same attacker against the
// first release's view finds both, so the audit is able to fail.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { aggregateWeek } from '../../functions/domain/metrics/aggregate.js';
import { type FunderWeeklyView, funderView } from '../../functions/domain/metrics/funder-view.js';
import { renderFunderEmail } from '../../functions/domain/metrics/summary-email.js';
import type { Incident, WeeklyMetrics } from '../../functions/domain/schemas.js';
import { CATEGORIES, type Category } from '../../functions/domain/vocabulary.js';
import { reportIncident } from '../../functions/use-cases/incidents.js';
import { weeklyMetrics, weeklyMetricsFor } from '../../functions/use-cases/weekly-metrics.js';
import { sendWeeklySummary } from '../../functions/use-cases/weekly-summary.js';
import { firstReleaseFunderView } from '../support/first-release-funder-view.js';
import { aContact, aMeeting, anIncident, coordinator } from '../support/fixtures.js';
import { attack, factsOfFirstRelease, factsOfPublished, type PublishedWeek, readPublished } from '../support/funder-attacker.js';
import { OTHER_VILLAGE } from '../support/programme.js';
import { aReport, programmeWorld, VIA } from '../support/use-case-world.js';

const VILLAGES = ['v-haroa', 'v-hingalganj', 'v-minakhan', 'v-sandeshkhali', 'v-hasnabad'];
const WEEKS = ['2026-W45', '2026-W46', '2026-W47', '2026-W48'];

interface Report {
  village: string;
  category: Category;
  /** Minutes to the statutory acknowledgement that stops the ladder; never, if absent. */
  acknowledgedAfter?: number | undefined;
}

function weekMetrics(week: string, reports: readonly Report[], meetings = 0): WeeklyMetrics {
  const reportedAt = '2026-11-10T10:00:00.000Z';
  const incidentOf = ({ village, category, acknowledgedAfter }: Report): Incident => {
    const stoppedAt =
      acknowledgedAfter === undefined ? undefined : new Date(Date.parse(reportedAt) + acknowledgedAfter * 60_000).toISOString();
    return anIncident({
      villageId: village,
      category,
      reportedAt,
      ...(stoppedAt
        ? { ladderStoppedBy: { at: stoppedAt, kind: 'police' }, acknowledgements: [{ at: stoppedAt, by: coordinator, kind: 'police' }] }
        : {}),
    });
  };
  return aggregateWeek({
    week,
    computedAt: new Date('2026-12-01T03:30:00.000Z'),
    final: true,
    pricePerSegmentInr: 0.25,
    villages: VILLAGES.map((villageId, index) => ({
      villageId,
      reported: reports.filter(({ village }) => village === villageId).map(incidentOf),
      history: [],
      meetings: Array.from({ length: index === 0 ? meetings : 0 }, () => aMeeting({ villageId })),
      notifications: [],
      openAtWeekEnd: 0,
    })),
  });
}

/** What funders hold of these weeks today: each week's view and its email. */
function published(weeks: readonly (readonly Report[])[]): PublishedWeek[] {
  return weeks.map((reports, index) => {
    const week = WEEKS[index] ?? '2026-W48';
    const view = funderView(weekMetrics(week, reports, index));
    const email = renderFunderEmail({ view, programmeName: 'Suraksha', villageNames: {}, audience: 'funders' });
    return { week, facts: factsOfPublished(view, email.text, VILLAGES) };
  });
}

/** What funders held of the same weeks under the first release. */
function publishedByFirstRelease(weeks: readonly (readonly Report[])[]): PublishedWeek[] {
  return weeks.map((reports, index) => {
    const week = WEEKS[index] ?? '2026-W48';
    return { week, facts: factsOfFirstRelease(firstReleaseFunderView(weekMetrics(week, reports)), VILLAGES) };
  });
}

const many = (count: number, report: Report): Report[] => Array.from({ length: count }, () => report);

/** The Haroa week of issue 12: five child-labour reports and one sexual abuse. */
const HAROA_WEEK = [
  ...many(5, { village: 'v-haroa', category: 'child_labour' }),
  { village: 'v-haroa', category: 'sexual_abuse' as const },
];

const WORST_CASES: Record<string, Report[][]> = {
  'the Haroa week': [HAROA_WEEK],
  'every village at 4': [VILLAGES.flatMap((village) => many(4, { village, category: 'child_labour' }))],
  'one village with all incidents': [
    [...many(9, { village: 'v-minakhan', category: 'child_marriage' }), ...many(4, { village: 'v-minakhan', category: 'neglect' })],
  ],
  'a single sexual-abuse case': [[{ village: 'v-hasnabad', category: 'sexual_abuse' }]],
  'sexual abuse and trafficking only, many': [
    [...many(7, { village: 'v-haroa', category: 'sexual_abuse' }), ...many(6, { village: 'v-minakhan', category: 'trafficking' })],
  ],
  'three small categories under 13 with one at 10': [
    [
      ...many(10, { village: 'v-haroa', category: 'child_marriage', acknowledgedAfter: 30 }),
      { village: 'v-haroa', category: 'sexual_abuse' },
      { village: 'v-minakhan', category: 'school_dropout' },
      { village: 'v-hasnabad', category: 'neglect' },
    ],
  ],
  'four weeks, one sexual-abuse case each, nothing else': WEEKS.map(() => [{ village: 'v-haroa', category: 'sexual_abuse' }]),
};

const reportArbitrary: fc.Arbitrary<Report> = fc.record({
  village: fc.constantFrom(...VILLAGES),
  // Weighted so that small cells, the dangerous ones, are common.
  category: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<Category>('child_marriage', 'sexual_abuse', 'trafficking') },
    { weight: 2, arbitrary: fc.constantFrom(...CATEGORIES) },
  ),
  acknowledgedAfter: fc.option(fc.integer({ min: 1, max: 1440 }), { nil: undefined }),
});
const programmeArbitrary = fc.array(fc.array(reportArbitrary, { maxLength: 30 }), { minLength: 1, maxLength: 3 });

describe('the attacker reads DOMAIN.md’s words', () => {
  test('"0-4" is 0 to 4, 5 is 5 to 7, 10 is 8 to 12; nothing else is a published count', () => {
    expect([readPublished('0-4'), readPublished(5), readPublished(10), readPublished(15)]).toEqual([
      [0, 4],
      [5, 7],
      [8, 12],
      [13, 17],
    ]);
    expect(() => readPublished(3)).toThrow(/not a count/);
    expect(() => readPublished('<5')).toThrow(/not a count/);
  });
});

describe('against the first release’s view, the audit fails', () => {
  test('the Haroa week: one serious-abuse case proven, and Haroa’s incidents exactly 6', () => {
    const disclosure = attack(publishedByFirstRelease([HAROA_WEEK]), VILLAGES);
    expect(disclosure.seriousAbuseProven).toEqual([{ week: '2026-W45', atLeast: 1 }]);
    expect(disclosure.villagesBounded).toContainEqual({ week: '2026-W45', village: 'v-haroa', range: [6, 6], programmeMost: 6 });
  });

  test('three "<5" categories under 13 with one at 10: each proven', () => {
    const disclosure = attack(publishedByFirstRelease(WORST_CASES['three small categories under 13 with one at 10'] ?? []), VILLAGES);
    expect(disclosure.seriousAbuseProven).toEqual([{ week: '2026-W45', atLeast: 1 }]);
  });

  test('the generated programmes find it too, with the same seed', () => {
    const result = fc.check(
      fc.property(programmeArbitrary, (weeks) => {
        const disclosure = attack(publishedByFirstRelease(weeks), VILLAGES);
        return disclosure.seriousAbuseProven.length === 0 && disclosure.villagesBounded.length === 0;
      }),
      { numRuns: 40, seed: 20261202 },
    );
    expect(result.failed).toBe(true);
  });
});

describe('against what funders are shown now, the audit passes', () => {
  test.each(Object.entries(WORST_CASES))('%s', (_name, weeks) => {
    expect(attack(published(weeks), VILLAGES)).toEqual({ seriousAbuseProven: [], villagesBounded: [] });
  });

  test('generated programmes and weeks (fixed seed)', () => {
    fc.assert(
      fc.property(programmeArbitrary, (weeks) => {
        expect(attack(published(weeks), VILLAGES)).toEqual({ seriousAbuseProven: [], villagesBounded: [] });
      }),
      { numRuns: 40, seed: 20261202 },
    );
  });

  test('the figures never contradict the truth: the true programme satisfies every fact the attacker reads', () => {
    // The attacker's bounds hold the true counts: a view that misstated a figure would show here.
    fc.assert(
      fc.property(programmeArbitrary, (weeks) => {
        const [reports = []] = weeks;
        const [week] = published([reports]);
        const truth: Record<string, number> = {};
        for (const { village, category } of reports) truth[`x|${village}|${category}`] = (truth[`x|${village}|${category}`] ?? 0) + 1;
        for (const fact of week?.facts ?? []) {
          const names = Object.keys(fact.sum);
          if (names.some((name) => !name.startsWith('x|'))) continue;
          const value = names.reduce((sum, name) => sum + (fact.sum[name] ?? 0) * (truth[name] ?? 0), 0);
          expect({ value, within: value >= fact.range[0] && value <= fact.range[1] }).toEqual({ value, within: true });
        }
      }),
      { numRuns: 40, seed: 20261203 },
    );
  });
});

describe('the Haroa week replayed through the use cases, with the clock in a past week', () => {
  test('coordinators see the six in Haroa; funders, from the view and the email, learn nothing about Haroa or serious abuse', async () => {
    // Prepare: the programme's directory with a funder; the clock on Wednesday of 2026-W45.
    const { deps, callers } = await programmeWorld({ now: '2026-11-04T06:00:00.000Z' });
    await deps.directory.createContact(aContactFunder());
    const reports: Category[] = ['child_labour', 'child_labour', 'child_labour', 'child_labour', 'child_labour', 'sexual_abuse'];
    for (const [hour, category] of reports.entries()) {
      deps.setNow(new Date(Date.parse('2026-11-04T06:00:00.000Z') + hour * 3600_000));
      await reportIncident(
        deps,
        callers.coordinator,
        aReport({ villageId: OTHER_VILLAGE, category, child: { ageBand: '12-14', gender: 'girl' } }),
      );
    }
    // While the week runs, funders get nothing to poll.
    await expect(weeklyMetricsFor({ ...deps, pricePerSegmentInr: 0.25 }, callers.funder, '2026-W45', VIA)).rejects.toMatchObject({
      name: 'NotFoundError',
    });

    // Act: Monday after the week, the summary job runs and a funder reads the week.
    deps.setNow('2026-11-09T03:30:00.000Z');
    const sent: string[] = [];
    const metricsDeps = { ...deps, pricePerSegmentInr: 0.25 };
    await sendWeeklySummary({
      ...metricsDeps,
      programmeName: 'Suraksha',
      mailer: { send: async ({ text }) => ({ messageId: `m-${sent.push(text)}` }) },
    });
    const view = await weeklyMetricsFor(metricsDeps, callers.funder, '2026-W45', VIA);

    // Assess: the data is there for coordinators, and nothing of it for the attacker.
    const exact = await weeklyMetrics(metricsDeps, '2026-W45');
    expect(exact.villages[OTHER_VILLAGE]?.incidents.total).toBe(6);
    expect(exact.total.incidents.byCategory.sexual_abuse).toBe(1);
    expect(sent).toHaveLength(1);
    const villages = Object.keys(exact.villages);
    const facts = factsOfPublished(view as FunderWeeklyView, sent[0] ?? '', villages);
    expect(facts.length).toBeGreaterThan(8);
    expect(attack([{ week: '2026-W45', facts }], villages)).toEqual({ seriousAbuseProven: [], villagesBounded: [] });
  });
});

function aContactFunder() {
  return aContact({
    kind: 'funder',
    villages: [],
    name: 'Programme officer',
    language: 'en',
    phone: undefined,
    email: 'po@funder.example.org',
  });
}

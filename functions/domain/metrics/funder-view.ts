// The funders' view of a finished week (DOMAIN.md "Privacy rules"), built so that nothing funders
// hold, every week's view and email together, singles out a village's incidents or a sexual-abuse
// or trafficking case:
// - incidents, outcomes, response times and linkages only programme-wide, never per village;
// - each such count on its own: 0 to 4 as "0-4", every other count rounded to the nearest 5, so no
//   subtraction between figures gives an exact count;
// - categories in three groups, the third so wide that no figure is about one kind of harm; nothing
//   derived from the category (legal duties, alert channels and cost) and no running total;
// - a share or a median only from at least 10 values.
// Meetings and attendance are exact, per village and in total: they count the programme's own
// activities (who came to a group meeting), not children's harm, and funders pay for exactly these.

import { lazily } from '../lazily.js';
import { type AreaMetrics, VillageIdSchema, type WeeklyMetrics, weekFields } from '../schemas.js';
import { ATTENDANCE_GROUPS, CATEGORIES, type Category, MEETING_TYPES, OUTCOMES } from '../vocabulary.js';
import * as z from '../zod.js';

/** What any count from 0 to 4 reads as, zero included. */
export const SMALL_COUNT = '0-4';
/** Every count from 5 up is shown rounded to the nearest multiple of this. */
export const ROUNDED_TO = 5;
/** Fewer values than this give no share, median or percentile: too close to one incident's own figures. */
export const MIN_VALUES_FOR_SHARES = 10;

export const FUNDER_GROUPS = ['child_marriage', 'education', 'other_protection'] as const;
export type FunderGroup = (typeof FUNDER_GROUPS)[number];

const EDUCATION = ['school_dropout', 'corporal_punishment'] as const satisfies readonly Category[];

export function funderGroupOf(category: Category): FunderGroup {
  if (category === 'child_marriage') return 'child_marriage';
  return (EDUCATION as readonly Category[]).includes(category) ? 'education' : 'other_protection';
}

export const FUNDER_GROUP_LABELS: Readonly<Record<FunderGroup, string>> = {
  child_marriage: 'Child marriage',
  education: 'Education (school dropout, corporal punishment)',
  other_protection: 'All other protection concerns',
};

// ── schema (for the API and its OpenAPI document) ────────────────────────────
export const RoundedCountSchema = lazily(() =>
  z.union([z.literal(SMALL_COUNT), z.int().check(z.minimum(ROUNDED_TO), z.multipleOf(ROUNDED_TO))]).register(z.globalRegistry, {
    description: `A count: "${SMALL_COUNT}" for any number from 0 to 4; from 5 up, rounded to the nearest ${ROUNDED_TO} (5 is 5 to 7, 10 is 8 to 12).`,
  }),
);
export type RoundedCount = z.infer<typeof RoundedCountSchema>;

const exact = lazily(() => z.int().check(z.minimum(0)));
const countsOf = <Keys extends readonly [string, ...string[]], Count extends z.ZodMiniType>(keys: Keys, count: Count) =>
  z.object(Object.fromEntries(keys.map((key) => [key, count])) as Record<Keys[number], Count>);

const MeetingFiguresSchema = lazily(() =>
  z.object({
    held: exact,
    byType: countsOf(MEETING_TYPES, exact),
    /** Person-sessions, not people: a child at two meetings counts twice. */
    personSessions: z.object({ total: exact, byGroup: countsOf(ATTENDANCE_GROUPS, exact) }),
  }),
);

export const FunderWeeklyViewSchema = lazily(() =>
  z.object({
    /** `final` is always true for funders; false only in the coordinators' preview of the current week. */
    ...weekFields,
    programme: z.object({
      incidents: z.object({ reported: RoundedCountSchema, byGroup: countsOf(FUNDER_GROUPS, RoundedCountSchema) }),
      acknowledgement: z.object({
        /** Incidents whose acknowledgement was due by the end of the week. */
        due: RoundedCountSchema,
        inTime: RoundedCountSchema,
        /** null when fewer than 10 were due. */
        inTimePercent: z.nullable(z.int().check(z.minimum(0), z.maximum(100))),
        /** null when fewer than 10 were acknowledged. */
        medianMinutes: z.nullable(z.number().check(z.minimum(0))),
        p90Minutes: z.nullable(z.number().check(z.minimum(0))),
      }),
      resolved: RoundedCountSchema,
      outcomes: countsOf(OUTCOMES, RoundedCountSchema),
      linkages: z.object({ identified: RoundedCountSchema, referred: RoundedCountSchema, fulfilled: RoundedCountSchema }),
      meetings: MeetingFiguresSchema,
    }),
    /** Programme activity only: no incident or linkage figure is ever given for one village. */
    villages: z.record(VillageIdSchema, z.object({ meetings: MeetingFiguresSchema })),
    /** Why a figure is missing, in words for the email. */
    notes: z.array(z.string()),
  }),
);
export type FunderWeeklyView = z.infer<typeof FunderWeeklyViewSchema>;
type MeetingFigures = z.infer<typeof MeetingFiguresSchema>;

// ── the view ─────────────────────────────────────────────────────────────────
export function roundedCount(count: number): RoundedCount {
  return count < ROUNDED_TO ? SMALL_COUNT : Math.round(count / ROUNDED_TO) * ROUNDED_TO;
}

function roundedEach<Key extends string>(counts: Readonly<Record<Key, number>>): Record<Key, RoundedCount> {
  return Object.fromEntries(Object.entries<number>(counts).map(([key, count]) => [key, roundedCount(count)])) as Record<Key, RoundedCount>;
}

function groupedCategories(byCategory: Readonly<Record<Category, number>>): Record<FunderGroup, number> {
  const grouped = Object.fromEntries(FUNDER_GROUPS.map((group) => [group, 0])) as Record<FunderGroup, number>;
  for (const category of CATEGORIES) grouped[funderGroupOf(category)] += byCategory[category];
  return grouped;
}

function meetingFigures({ meetings }: AreaMetrics): MeetingFigures {
  const total = Object.values<number>(meetings.personSessions).reduce((sum, count) => sum + count, 0);
  return { held: meetings.total, byType: meetings.byType, personSessions: { total, byGroup: meetings.personSessions } };
}

export function funderView(metrics: WeeklyMetrics): FunderWeeklyView {
  const { total } = metrics;
  const { due, withinDeadline, acknowledged, medianMinutes, p90Minutes } = total.acknowledgement;
  const shareIsShown = due >= MIN_VALUES_FOR_SHARES;
  const timesAreShown = acknowledged >= MIN_VALUES_FOR_SHARES;
  const notes: string[] = [];
  if (!shareIsShown) notes.push('The share acknowledged in time is shown only when at least 10 incidents were due.');
  if (!timesAreShown) notes.push('Times to acknowledge are shown only when at least 10 incidents were acknowledged.');

  return {
    week: metrics.week,
    from: metrics.from,
    to: metrics.to,
    computedAt: metrics.computedAt,
    final: metrics.final,
    programme: {
      incidents: { reported: roundedCount(total.incidents.total), byGroup: roundedEach(groupedCategories(total.incidents.byCategory)) },
      acknowledgement: {
        due: roundedCount(due),
        inTime: roundedCount(withinDeadline),
        inTimePercent: shareIsShown ? Math.round((100 * withinDeadline) / due) : null,
        medianMinutes: timesAreShown ? medianMinutes : null,
        p90Minutes: timesAreShown ? p90Minutes : null,
      },
      resolved: roundedCount(total.resolved),
      outcomes: roundedEach(total.outcomes),
      linkages: roundedEach(total.linkages),
      meetings: meetingFigures(total),
    },
    villages: Object.fromEntries(Object.entries(metrics.villages).map(([id, area]) => [id, { meetings: meetingFigures(area) }])),
    notes,
  };
}

/**
 * Whether the week shows nothing at all: no meeting and every count "0-4". Read from the view
 * alone, so choosing the short "no activity" email tells funders nothing the view would not.
 */
export function nothingRecorded(view: FunderWeeklyView): boolean {
  const { incidents, acknowledgement, resolved, outcomes, linkages, meetings } = view.programme;
  const counts = [incidents.reported, acknowledgement.due, resolved, ...Object.values(outcomes), ...Object.values(linkages)];
  return meetings.held === 0 && counts.every((count) => count === SMALL_COUNT);
}

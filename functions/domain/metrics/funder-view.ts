// The funders' view of a week (DOMAIN.md "Privacy rules"): per village only totals; categories only
// programme-wide, with sexual_abuse and trafficking merged; every count from 1 to 4 shown as "<5",
// and a second cell withheld wherever a shown total minus the shown others would reveal one;
// medians and percentiles only from at least 5 values. Nothing here is about one child.
//
// Meetings and person-sessions are shown exactly: they count the programme's own activities (who
// came to a group meeting), not incidents or children's needs, so a small number reveals nothing
// about harm to a child; and funders pay for exactly these activities.

import { z } from 'zod';
import { CATEGORY_LABELS } from '../labels.js';
import { type AreaMetrics, IsoWeekSchema, TimestampSchema, VillageIdSchema, type WeeklyMetrics } from '../schemas.js';
import { ATTENDANCE_GROUPS, CATEGORIES, type Category, MEETING_TYPES, OUTCOMES } from '../vocabulary.js';

/** A count from 1 to 4. */
export const SMALL_COUNT = '<5';
/**
 * A count of 5 or more withheld so that a "<5" in the same group cannot be worked out by
 * subtraction from the total. Every count under 5 is already "<5", so this says no more than a
 * blank would to a reader who knows the rule, and unlike "<5" it is true.
 */
export const WITHHELD_COUNT = '5+';
export const MIN_COUNT_SHOWN = 5;
/** Fewer values than this give no median or percentile: from 1 to 4 values it is close to one incident's own time. */
export const MIN_VALUES_FOR_TIMES = 5;

const MERGED_INTO_SERIOUS_ABUSE = ['sexual_abuse', 'trafficking'] as const satisfies readonly Category[];
export const SERIOUS_ABUSE = 'serious_abuse_and_exploitation';
export type FunderCategory = Exclude<Category, (typeof MERGED_INTO_SERIOUS_ABUSE)[number]> | typeof SERIOUS_ABUSE;

function funderCategoryOf(category: Category): FunderCategory {
  return (MERGED_INTO_SERIOUS_ABUSE as readonly Category[]).includes(category) ? SERIOUS_ABUSE : (category as FunderCategory);
}

/** The programme's categories in their usual order, the merged one where sexual_abuse stood. */
export const FUNDER_CATEGORIES = [...new Set(CATEGORIES.map(funderCategoryOf))] as [FunderCategory, ...FunderCategory[]];

export const FUNDER_CATEGORY_LABELS: Readonly<Record<FunderCategory, string>> = Object.fromEntries(
  FUNDER_CATEGORIES.map((category) => [
    category,
    category === SERIOUS_ABUSE ? 'Serious abuse and exploitation' : CATEGORY_LABELS[category].name,
  ]),
) as Record<FunderCategory, string>;

// ── schema (for the API and its OpenAPI document) ────────────────────────────
export const ShownCountSchema = z.union([z.int().min(0), z.enum([SMALL_COUNT, WITHHELD_COUNT])]).meta({
  description: `A count; "${SMALL_COUNT}" for 1 to 4; "${WITHHELD_COUNT}" for 5 or more withheld so that a "${SMALL_COUNT}" cannot be worked out from the total.`,
});
export type ShownCount = z.infer<typeof ShownCountSchema>;

const exact = z.int().min(0);
const countsOf = <Keys extends readonly [string, ...string[]], Count extends z.ZodType>(keys: Keys, count: Count) =>
  z.object(Object.fromEntries(keys.map((key) => [key, count])) as Record<Keys[number], Count>);

export const FunderVillageRowSchema = z.object({
  incidentsReported: ShownCountSchema,
  meetingsHeld: exact,
  /** Person-sessions, not people: a child at two meetings counts twice. */
  personSessions: exact,
  linkagesFulfilled: ShownCountSchema,
});

export const FunderWeeklyViewSchema = z.object({
  week: IsoWeekSchema,
  from: TimestampSchema,
  to: TimestampSchema,
  computedAt: TimestampSchema,
  final: z.boolean(),
  programme: z.object({
    incidents: z.object({ reported: ShownCountSchema, byCategory: countsOf(FUNDER_CATEGORIES, ShownCountSchema) }),
    acknowledgement: z.object({
      inTime: ShownCountSchema,
      /** Late, or not acknowledged yet. */
      notInTime: ShownCountSchema,
      /** null unless at least 5 were due and neither count is hidden (a share of an exact total gives the count away). */
      inTimePercent: z.int().min(0).max(100).nullable(),
      /** null when fewer than 5 incidents were acknowledged. */
      medianMinutes: z.number().min(0).nullable(),
      p90Minutes: z.number().min(0).nullable(),
    }),
    resolved: ShownCountSchema,
    outcomes: countsOf(OUTCOMES, ShownCountSchema),
    openBacklog: ShownCountSchema,
    linkages: z.object({ identified: ShownCountSchema, referred: ShownCountSchema, fulfilled: ShownCountSchema }),
    meetings: z.object({
      held: exact,
      byType: countsOf(MEETING_TYPES, exact),
      /** Person-sessions, not people: a child at two meetings counts twice. */
      personSessions: z.object({ total: exact, byGroup: countsOf(ATTENDANCE_GROUPS, exact) }),
    }),
  }),
  villages: z.record(VillageIdSchema, FunderVillageRowSchema),
  /** Why a figure is missing, in words for the email. */
  notes: z.array(z.string()),
});
export type FunderVillageRow = z.infer<typeof FunderVillageRowSchema>;
export type FunderWeeklyView = z.infer<typeof FunderWeeklyViewSchema>;

// ── suppression ──────────────────────────────────────────────────────────────
export function isHidden(cell: ShownCount): cell is typeof SMALL_COUNT | typeof WITHHELD_COUNT {
  return typeof cell === 'string';
}

/** Primary suppression of one count. */
export function shownCount(count: number): ShownCount {
  return count >= 1 && count < MIN_COUNT_SHOWN ? SMALL_COUNT : count;
}

/**
 * Cells that add up to a shown `total`. When exactly one cell is "<5" and the total is shown,
 * total minus the others would give it away, so the smallest other non-zero cell is withheld too.
 * Two or more hidden cells need nothing more. A total under 5 is itself "<5", so nothing can be
 * subtracted from it. (A reader who knows this rule can still narrow a hidden pair, as a "<5" and
 * a "5+" under a total of 6 must be 1 and 5; rounding to fives would be the next step.)
 */
export function suppressGroup<Key extends string>(cells: Readonly<Record<Key, number>>, total: number): Record<Key, ShownCount> {
  const keys = Object.keys(cells) as Key[];
  const shown = Object.fromEntries(keys.map((key) => [key, shownCount(cells[key])])) as Record<Key, ShownCount>;
  const hidden = keys.filter((key) => isHidden(shown[key]));
  if (hidden.length === 1 && !isHidden(shownCount(total))) {
    const [smallestOther] = keys.filter((key) => !isHidden(shown[key]) && cells[key] > 0).sort((a, b) => cells[a] - cells[b]);
    if (smallestOther !== undefined) shown[smallestOther] = WITHHELD_COUNT;
  }
  return shown;
}

// ── the view ─────────────────────────────────────────────────────────────────
/** A village's cell of a group suppressed together; every village has one. */
function shownOf(group: Readonly<Record<string, ShownCount>>, villageId: string): ShownCount {
  const cell = group[villageId];
  if (cell === undefined) throw new Error(`no cell for village ${villageId}`);
  return cell;
}

function sumOf(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

function mergeCategories(byCategory: Readonly<Record<Category, number>>): Record<FunderCategory, number> {
  const merged = Object.fromEntries(FUNDER_CATEGORIES.map((category) => [category, 0])) as Record<FunderCategory, number>;
  for (const category of CATEGORIES) merged[funderCategoryOf(category)] += byCategory[category];
  return merged;
}

export function funderView(metrics: WeeklyMetrics): FunderWeeklyView {
  const { total } = metrics;
  const villages = Object.entries(metrics.villages);
  const perVillage = (count: (area: AreaMetrics) => number) => Object.fromEntries(villages.map(([id, area]) => [id, count(area)]));
  const incidentsByVillage = suppressGroup(
    perVillage((area) => area.incidents.total),
    total.incidents.total,
  );
  const fulfilledByVillage = suppressGroup(
    perVillage((area) => area.linkages.fulfilled),
    total.linkages.fulfilled,
  );

  const { due, withinDeadline, acknowledged, medianMinutes, p90Minutes } = total.acknowledgement;
  const acknowledgement = suppressGroup({ inTime: withinDeadline, notInTime: due - withinDeadline }, due);
  const shareIsShown = due >= MIN_COUNT_SHOWN && !isHidden(acknowledgement.inTime) && !isHidden(acknowledgement.notInTime);
  const timesAreShown = acknowledged >= MIN_VALUES_FOR_TIMES;
  const notes: string[] = [];
  if (!shareIsShown) {
    notes.push('The share acknowledged in time is shown only when at least 5 incidents were due and neither count is under 5.');
  }
  if (!timesAreShown) {
    notes.push('Median and 90th percentile times to acknowledge are shown only when at least 5 incidents were acknowledged.');
  }

  return {
    week: metrics.week,
    from: metrics.from,
    to: metrics.to,
    computedAt: metrics.computedAt,
    final: metrics.final,
    programme: {
      incidents: {
        reported: shownCount(total.incidents.total),
        byCategory: suppressGroup(mergeCategories(total.incidents.byCategory), total.incidents.total),
      },
      acknowledgement: {
        ...acknowledgement,
        inTimePercent: shareIsShown ? Math.round((100 * withinDeadline) / due) : null,
        medianMinutes: timesAreShown ? medianMinutes : null,
        p90Minutes: timesAreShown ? p90Minutes : null,
      },
      resolved: shownCount(total.resolved),
      outcomes: suppressGroup(total.outcomes, total.resolved),
      openBacklog: shownCount(total.openBacklog),
      linkages: {
        identified: shownCount(total.linkages.identified),
        referred: shownCount(total.linkages.referred),
        fulfilled: shownCount(total.linkages.fulfilled),
      },
      meetings: {
        held: total.meetings.total,
        byType: total.meetings.byType,
        personSessions: { total: sumOf(total.meetings.personSessions), byGroup: total.meetings.personSessions },
      },
    },
    villages: Object.fromEntries(
      villages.map(([id, area]): [string, FunderVillageRow] => [
        id,
        {
          incidentsReported: shownOf(incidentsByVillage, id),
          meetingsHeld: area.meetings.total,
          personSessions: sumOf(area.meetings.personSessions),
          linkagesFulfilled: shownOf(fulfilledByVillage, id),
        },
      ]),
    ),
    notes,
  };
}

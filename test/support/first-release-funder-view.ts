// The first release's funders' view (functions/domain/metrics/funder-view.ts at a7d0516), kept only
// as far as its incident figures, with its own suppression code unchanged: the disclosure audit
// must catch what it gave away (issue 12's Haroa week), or the audit proves nothing.
import type { WeeklyMetrics } from '../../functions/domain/schemas.js';
import { CATEGORIES, type Category } from '../../functions/domain/vocabulary.js';

/** A count from 1 to 4. */
export const FIRST_RELEASE_SMALL = '<5';
/** A count of 5 or more withheld so that a "<5" cannot be worked out by subtraction. */
export const FIRST_RELEASE_WITHHELD = '5+';
export const FIRST_RELEASE_SERIOUS_ABUSE = 'serious_abuse_and_exploitation';
export type FirstReleaseCount = number | typeof FIRST_RELEASE_SMALL | typeof FIRST_RELEASE_WITHHELD;

export interface FirstReleaseView {
  programme: {
    incidents: { reported: FirstReleaseCount; byCategory: Record<string, FirstReleaseCount> };
    acknowledgement: { inTime: FirstReleaseCount; notInTime: FirstReleaseCount };
  };
  villages: Record<string, { incidentsReported: FirstReleaseCount }>;
}

const MERGED = ['sexual_abuse', 'trafficking'] as readonly Category[];
export const firstReleaseCategoryOf = (category: Category): string => (MERGED.includes(category) ? FIRST_RELEASE_SERIOUS_ABUSE : category);

const isHidden = (cell: FirstReleaseCount) => typeof cell === 'string';
const shownCount = (count: number): FirstReleaseCount => (count >= 1 && count < 5 ? FIRST_RELEASE_SMALL : count);

function suppressGroup(cells: Readonly<Record<string, number>>, total: number): Record<string, FirstReleaseCount> {
  const keys = Object.keys(cells);
  const shown = Object.fromEntries(keys.map((key) => [key, shownCount(cells[key] ?? 0)]));
  const hidden = keys.filter((key) => isHidden(shown[key] ?? 0));
  if (hidden.length === 1 && !isHidden(shownCount(total))) {
    const [smallestOther] = keys
      .filter((key) => !isHidden(shown[key] ?? 0) && (cells[key] ?? 0) > 0)
      .sort((a, b) => (cells[a] ?? 0) - (cells[b] ?? 0));
    if (smallestOther !== undefined) shown[smallestOther] = FIRST_RELEASE_WITHHELD;
  }
  return shown;
}

export function firstReleaseFunderView(metrics: WeeklyMetrics): FirstReleaseView {
  const { total } = metrics;
  const merged: Record<string, number> = {};
  for (const category of CATEGORIES) {
    const key = firstReleaseCategoryOf(category);
    merged[key] = (merged[key] ?? 0) + total.incidents.byCategory[category];
  }
  const villages = Object.entries(metrics.villages);
  const incidents = suppressGroup(Object.fromEntries(villages.map(([id, area]) => [id, area.incidents.total])), total.incidents.total);
  const { due, withinDeadline } = total.acknowledgement;
  return {
    programme: {
      incidents: { reported: shownCount(total.incidents.total), byCategory: suppressGroup(merged, total.incidents.total) },
      acknowledgement: suppressGroup(
        { inTime: withinDeadline, notInTime: due - withinDeadline },
        due,
      ) as FirstReleaseView['programme']['acknowledgement'],
    },
    villages: Object.fromEntries(villages.map(([id]) => [id, { incidentsReported: incidents[id] ?? 0 }])),
  };
}

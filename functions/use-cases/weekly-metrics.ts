// A week's programme metrics from the week's own records: per village, one query per kind of record
// over the week's time range, plus the open-incident index for the backlog. No Scan: the cost grows
// with the week's items and the open incidents, not with the table.
import type { Caller } from '../domain/access.js';
import { mapWithConcurrency } from '../domain/concurrency.js';
import { isOpen } from '../domain/incident-workflow.js';
import { aggregateWeek, type VillageActivity } from '../domain/metrics/aggregate.js';
import { type FunderWeeklyView, funderView } from '../domain/metrics/funder-view.js';
import { kolkataWeekOf, previousWeek, type WeekRange, weekRange } from '../domain/metrics/iso-week.js';
import {
  type ActivityStore,
  allPages,
  type DirectoryStore,
  type IncidentStore,
  type MetricsStore,
  NotFoundError,
} from '../domain/ports.js';
import type { HistoryEntry, WeeklyMetrics } from '../domain/schemas.js';
import { type AuditDependencies, recordReads } from './audit.js';
import { allVillageIds } from './dependencies.js';

export interface MetricsDependencies {
  incidents: IncidentStore;
  directory: DirectoryStore;
  activities: ActivityStore;
  metrics: MetricsStore;
  clock: () => Date;
  /** What SNS charges per SMS segment to India, in rupees (configuration). */
  pricePerSegmentInr: number;
}

/**
 * Villages read at once: each reads its week in five to seven queries side by side, so about 50 in
 * flight, the SDK's sockets; a district's 1,600 at once queued some 19,000 requests behind them.
 */
const VILLAGE_CONCURRENCY = 8;

/** No week before 2020 exists for Suraksha. */
const PROGRAMME_START = new Date('2020-01-01T00:00:00.000Z');

/**
 * The exact figures of a week. A finished week is computed once and stored; the current week is
 * computed on request and not stored; a week that has not begun does not exist yet.
 */
export async function weeklyMetrics(deps: MetricsDependencies, week: string): Promise<WeeklyMetrics> {
  const now = deps.clock();
  const range = weekRange(week);
  if (range.from > now) throw new NotFoundError('that week has not begun');
  // Nothing was recorded before the programme: such a week is not computed, let alone stored.
  if (range.to <= PROGRAMME_START) throw new NotFoundError('the programme had not begun');
  const final = range.to <= now;
  if (final) {
    const stored = await deps.metrics.getWeeklyMetrics(week);
    if (stored) return stored;
  }
  const villageIds = await allVillageIds(deps.directory);
  const backlog = final ? await deps.metrics.getBacklogAtWeekEnd(week) : undefined;
  const villages = await mapWithConcurrency(villageIds, VILLAGE_CONCURRENCY, (villageId) =>
    villageActivity(deps, villageId, range, final, backlog?.[villageId]),
  );
  const metrics = aggregateWeek({ week, computedAt: now, final, pricePerSegmentInr: deps.pricePerSegmentInr, villages });
  if (final) await deps.metrics.putWeeklyMetrics(metrics);
  return metrics;
}

/** What the API answers: coordinators the exact figures of any week begun, funders the view of a finished week; each read audited. */
export async function weeklyMetricsFor(
  deps: MetricsDependencies & AuditDependencies,
  caller: Caller,
  week: string,
  via: string,
): Promise<WeeklyMetrics | FunderWeeklyView> {
  const answer = caller.role === 'coordinator' ? await weeklyMetrics(deps, week) : await funderWeek(deps, week);
  await recordReads(deps, caller, via, [{ type: 'week', id: week }]);
  return answer;
}

/**
 * The funders' view of a finished week, as it was first published: a week polled live hour by hour
 * would tell when each case came in, and a week republished under other rules could be subtracted
 * from its first publication.
 */
export async function funderWeek(deps: MetricsDependencies, week: string): Promise<FunderWeeklyView> {
  if (weekRange(week).to > deps.clock()) throw new NotFoundError('that week is not finished');
  const kept = await deps.metrics.getFunderView(week);
  return kept ?? deps.metrics.keepFunderView(funderView(await weeklyMetrics(deps, week)));
}

/**
 * The week-close job, run as a week ends: each village's open incidents at that moment, kept, so that
 * the week's figures computed any time later read its own records and this, never the history since.
 */
export async function keepBacklogAtWeekEnd(deps: MetricsDependencies, now: Date): Promise<{ week: string; villages: number }> {
  const week = previousWeek(kolkataWeekOf(now));
  const end = weekRange(week).to;
  const villageIds = await allVillageIds(deps.directory);
  const counts = await mapWithConcurrency(villageIds, BACKLOG_CONCURRENCY, (villageId) => openAt(deps, villageId, end));
  await deps.metrics.keepBacklogAtWeekEnd(week, Object.fromEntries(villageIds.map((villageId, index) => [villageId, counts[index] ?? 0])));
  return { week, villages: villageIds.length };
}

/** Villages counted at once at a week's end: a district's 1,600 in a few seconds, without a burst on the table. */
const BACKLOG_CONCURRENCY = 16;

async function villageActivity(
  stores: MetricsDependencies,
  villageId: string,
  range: WeekRange,
  final: boolean,
  keptBacklog: number | undefined,
): Promise<VillageActivity> {
  // Index ranges are inclusive; the week ends just before the next Monday 00:00 IST.
  const within = { from: range.from.toISOString(), to: new Date(range.to.getTime() - 1).toISOString() };
  const [reported, history, meetings, notifications, openAtWeekEnd] = await Promise.all([
    allPages((page) => stores.incidents.listInVillages([villageId], within, page)),
    allPages((page) => stores.metrics.listHistoryInVillage(villageId, within, page)),
    allPages((page) => stores.activities.listMeetings([villageId], { from: range.firstDay, to: range.lastDay }, page)),
    allPages((page) => stores.metrics.listNotificationsInVillage(villageId, within, page)),
    keptBacklog ??
      (final
        ? openAt(stores, villageId, range.to)
        : allPages((page) => stores.incidents.listOpen(villageId, page)).then((open) => open.length)),
  ]);
  return { villageId, reported, history, meetings, notifications, openAtWeekEnd };
}

/**
 * How many incidents were open at `end`, from the open-incident index and the history since:
 * an incident's status at `end` is the `from` of its first transition after `end`, if it has one.
 */
async function openAt(stores: Pick<MetricsDependencies, 'incidents' | 'metrics'>, villageId: string, end: Date): Promise<number> {
  const [openNow, since] = await Promise.all([
    allPages((page) => stores.incidents.listOpen(villageId, page)),
    allPages((page) => stores.metrics.listHistoryInVillage(villageId, { from: end.toISOString() }, page)),
  ]);
  const firstChangeSince = new Map<string, HistoryEntry>();
  for (const entry of since) {
    if (entry.entity !== 'incident') continue;
    const earlier = firstChangeSince.get(entry.entityId);
    if (!earlier || entry.version < earlier.version) firstChangeSince.set(entry.entityId, entry);
  }
  const statusAtEnd = new Map<string, boolean>();
  for (const incident of openNow) if (incident.reportedAt < end.toISOString()) statusAtEnd.set(incident.id, true);
  for (const [incidentId, entry] of firstChangeSince) {
    // A report after the end (from null) was not there yet; otherwise `from` is the status it had.
    statusAtEnd.set(incidentId, entry.from !== null && isOpen(entry.from));
  }
  return [...statusAtEnd.values()].filter(Boolean).length;
}

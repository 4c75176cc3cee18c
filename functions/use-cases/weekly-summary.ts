// The funders' weekly summary: last week's suppressed view, compared with the week before, emailed
// to every active funder once. A retried run sends no duplicate: each (week, funder) is claimed first.

import { RefusedError } from '../domain/decision.js';
import { funderView } from '../domain/metrics/funder-view.js';
import { kolkataWeekOf, previousWeek, weekRange } from '../domain/metrics/iso-week.js';
import { renderFunderEmail } from '../domain/metrics/summary-email.js';
import { allPages, type Mailer } from '../domain/ports.js';
import { loggableError, logger } from '../observability/logger.js';
import { countMetric } from '../observability/metrics.js';
import { type MetricsDependencies, weeklyMetrics } from './weekly-metrics.js';

/** The programme's name as its funders know it (programme.txt); deployments may name it otherwise. */
export const PROGRAMME_NAME = 'Community Resilience for Prevention';

export interface SummaryDependencies extends MetricsDependencies {
  mailer: Mailer;
  programmeName: string;
}

export interface SummaryRun {
  week: string;
  sent: number;
  alreadySent: number;
  failed: number;
}

/** Sends the summary of `week`, by default the last finished week in Asia/Kolkata. */
export async function sendWeeklySummary(deps: SummaryDependencies, week?: string): Promise<SummaryRun> {
  const now = deps.clock();
  const target = week ?? previousWeek(kolkataWeekOf(now));
  // A week still running would claim its email with figures that are not final, for good.
  if (weekRange(target).to > now) {
    throw new RefusedError({
      kind: 'conflict',
      message: `${target} is not finished: funders get a finished week only (coordinators see the current week at GET /metrics/weekly/${target})`,
    });
  }
  const [metrics, previous, villages, funders] = await Promise.all([
    weeklyMetrics(deps, target),
    weeklyMetrics(deps, previousWeek(target)),
    allPages((page) => deps.directory.listVillages(page)),
    allPages((page) => deps.directory.listContacts({ kind: 'funder' }, page)),
  ]);
  const email = renderFunderEmail({
    view: funderView(metrics),
    previous: funderView(previous),
    programmeName: deps.programmeName,
    villageNames: Object.fromEntries(villages.map((village) => [village.id, village.name])),
  });

  const run: SummaryRun = { week: target, sent: 0, alreadySent: 0, failed: 0 };
  for (const funder of funders) {
    if (!funder.active || !funder.email) continue;
    if (!(await deps.metrics.claimWeeklyEmail(target, funder.id, now.toISOString()))) {
      run.alreadySent++;
      continue;
    }
    try {
      const { messageId } = await deps.mailer.send({ to: funder.email, ...email });
      await deps.metrics.recordWeeklyEmailSent(target, funder.id, messageId);
      countMetric('FunderEmailsSent');
      run.sent++;
    } catch (error) {
      logger.error('summary email failed', { week: target, contactId: funder.id, error: loggableError(error) });
      await deps.metrics.releaseWeeklyEmail(target, funder.id);
      countMetric('FunderEmailsFailed');
      run.failed++;
    }
  }
  // A run that could not reach every funder fails, so it is retried (the sent ones are not sent
  // again) and, failing for good, lands in the job's dead-letter queue behind its alarm.
  if (run.failed > 0) throw new WeeklySummaryIncompleteError(run);
  return run;
}

export class WeeklySummaryIncompleteError extends Error {
  override readonly name = 'WeeklySummaryIncompleteError';
  constructor(readonly run: SummaryRun) {
    super(`the ${run.week} summary reached ${run.sent} funder(s); ${run.failed} failed and will be retried`);
  }
}

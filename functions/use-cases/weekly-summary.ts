// The funders' weekly summary: last week's published view, compared with the week before, emailed
// to every active funder once. A retried run sends no duplicate: each (week, funder) is claimed first.
// The coordinators may preview it, for the week so far, without claiming anything.

import { RefusedError } from '../domain/decision.js';
import { type FunderWeeklyView, funderView } from '../domain/metrics/funder-view.js';
import { kolkataWeekOf, previousWeek, weekRange } from '../domain/metrics/iso-week.js';
import { renderFunderEmail } from '../domain/metrics/summary-email.js';
import { allPages, type Mailer, NotFoundError } from '../domain/ports.js';
import { loggableError, logger } from '../observability/logger.js';
import { countMetric } from '../observability/metrics.js';
import { funderWeek, type MetricsDependencies, weeklyMetrics } from './weekly-metrics.js';

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
      message: `${target} is not finished: funders get a finished week only (npm run job -- weekly-summary --preview sends the week so far to the coordinators)`,
    });
  }
  const [view, previous, villageNames, funders] = await Promise.all([
    funderWeek(deps, target),
    funderWeekBefore(deps, target),
    namesOfVillages(deps),
    allPages((page) => deps.directory.listContacts({ kind: 'funder' }, page)),
  ]);
  const email = renderFunderEmail({ view, previous, programmeName: deps.programmeName, villageNames, audience: 'funders' });

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

export interface PreviewRun {
  week: string;
  /** The coordinators the preview went to. */
  sent: number;
  /** Active coordinators with no email in the directory, by name, so that someone can add one. */
  withoutEmail: string[];
  failed: number;
}

/**
 * The funders' email of `week` (by default the week so far) to the active coordinators, marked as a
 * preview: nothing is claimed, so the funders' email of the week still goes once it is finished.
 */
export async function previewWeeklySummary(deps: SummaryDependencies, week?: string): Promise<PreviewRun> {
  const target = week ?? kolkataWeekOf(deps.clock());
  const [metrics, previous, villageNames, coordinators] = await Promise.all([
    weeklyMetrics(deps, target),
    funderWeekBefore(deps, target),
    namesOfVillages(deps),
    allPages((page) => deps.directory.listContacts({ kind: 'coordinator' }, page)),
  ]);
  const email = renderFunderEmail({
    view: funderView(metrics),
    previous,
    programmeName: deps.programmeName,
    villageNames,
    audience: 'preview',
  });
  const active = coordinators.filter((coordinator) => coordinator.active);
  const run: PreviewRun = { week: target, sent: 0, withoutEmail: active.filter(({ email }) => !email).map(({ name }) => name), failed: 0 };
  for (const coordinator of active) {
    if (!coordinator.email) continue;
    try {
      await deps.mailer.send({ to: coordinator.email, ...email });
      run.sent++;
    } catch (error) {
      logger.error('summary preview failed', { week: target, contactId: coordinator.id, error: loggableError(error) });
      run.failed++;
    }
  }
  return run;
}

/** The published view of the week before, for the comparison; none before the programme began. */
async function funderWeekBefore(deps: MetricsDependencies, week: string): Promise<FunderWeeklyView | undefined> {
  try {
    return await funderWeek(deps, previousWeek(week));
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

async function namesOfVillages(deps: MetricsDependencies): Promise<Record<string, string>> {
  const villages = await allPages((page) => deps.directory.listVillages(page));
  return Object.fromEntries(villages.map((village) => [village.id, village.name]));
}

export class WeeklySummaryIncompleteError extends Error {
  override readonly name = 'WeeklySummaryIncompleteError';
  constructor(readonly run: SummaryRun) {
    super(`the ${run.week} summary reached ${run.sent} funder(s); ${run.failed} failed and will be retried`);
  }
}

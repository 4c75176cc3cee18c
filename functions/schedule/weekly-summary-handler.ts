// The funders' weekly summary as a Lambda: EventBridge invokes it on Mondays at 09:00 Asia/Kolkata;
// the week summarised is the one before the scheduled instant, so a retry summarises the same week.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { kolkataWeekOf, previousWeek } from '../domain/metrics/iso-week.js';
import { logger } from '../observability/logger.js';
import { type SummaryDependencies, type SummaryRun, sendWeeklySummary } from '../use-cases/weekly-summary.js';

export function createWeeklySummaryHandler(deps: SummaryDependencies) {
  return middy<ScheduledEvent, SummaryRun, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async (event) => {
      const scheduledAt = event.time ? new Date(event.time) : deps.clock();
      const run = await sendWeeklySummary(deps, previousWeek(kolkataWeekOf(scheduledAt)));
      logger.info('weekly summary', { ...run });
      return run;
    });
}

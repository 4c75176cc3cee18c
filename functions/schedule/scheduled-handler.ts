// A scheduled job as a Lambda: EventBridge Scheduler invokes it with `time`, the instant the run stands
// for, so a retried invocation does the same work for the same instant.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../observability/logger.js';

/** What Scheduler sends (ScheduledJob in lib/ sets the input); a hand-made invocation may omit it. */
export interface ScheduledInvocation {
  time?: string;
}

export function scheduledHandler<Summary extends object>(name: string, run: (now: Date) => Promise<Summary>) {
  return middy<ScheduledInvocation, Summary, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async (event) => {
      const now = event.time ? new Date(event.time) : new Date();
      const summary = await run(now);
      logger.info(`${name} run`, { at: now.toISOString(), ...summary });
      return summary;
    });
}

// The escalation job as a Lambda: EventBridge invokes it every 5 minutes; `time` in the scheduled
// event is the instant it stands for, so a retried invocation does the same work for the same instant.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { type EscalationStores, type EscalationSummary, runEscalations } from '../use-cases/escalate.js';

export function createEscalationHandler(stores: EscalationStores) {
  return middy<ScheduledEvent, EscalationSummary, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async (event) => {
      const now = event.time ? new Date(event.time) : new Date();
      const summary = await runEscalations(stores, now);
      logger.info('escalation run', { at: now.toISOString(), ...summary });
      return summary;
    });
}
